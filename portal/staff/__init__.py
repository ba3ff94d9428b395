"""The merchant's staff pages inside the admin: API status, thank-you preview, view as customer (views.py).

Above every page app: they render what customers see, so nothing below may import them.
"""
