app_name = "receipts"
urlpatterns: list = []
