"""The official UltraCart SDK (ultracart-rest-sdk, test dependency only) pointed at the sandbox.

Strict type checking stays on (the SDK's default `_check_return_type=True`): whatever the sandbox sends
must fit UltraCart's spec, enums, types and length limits included.
"""

import pytest
from ultracart import ApiClient, Configuration
from ultracart.apis import AutoOrderApi, CustomerApi, OrderApi

from tests.sandbox_control import SandboxControl


def sdk_client(api_url: str, *, key: str = "sandbox-key", version: str | None = "2017-03-01") -> ApiClient:
    configuration = Configuration(host=api_url)
    configuration.api_key["ultraCartSimpleApiKey"] = key
    if version is None:
        return ApiClient(configuration)
    return ApiClient(configuration, header_name="X-UltraCart-Api-Version", header_value=version)


@pytest.fixture
def client(sandbox: SandboxControl) -> ApiClient:
    return sdk_client(sandbox.api_url)


@pytest.fixture
def order_api(client: ApiClient) -> OrderApi:
    return OrderApi(client)


@pytest.fixture
def auto_order_api(client: ApiClient) -> AutoOrderApi:
    return AutoOrderApi(client)


@pytest.fixture
def customer_api(client: ApiClient) -> CustomerApi:
    return CustomerApi(client)
