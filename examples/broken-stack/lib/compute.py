from constructs import Construct
from cdktf_cdktf_provider_aws.lambda_function import LambdaFunction


def add_compute(scope: Construct) -> None:
    LambdaFunction(
        scope,
        "handler",
        function_name="orders-handler",
        role="arn:aws:iam::123456789012:role/orders-handler",
        runtime="python3.12",
        handler="app.handler",
        code={"zip_file": "def handler(event, context):\n    return event\n"},
    )
    LambdaFunction(
        scope,
        "worker",
        function_name="orders-worker",
        role="arn:aws:iam::123456789012:role/orders-worker",
        runtime="python3.12",
        handler="app.handler",
        filename="dist/worker.zip",
        environment={"variables": {"TABLE": "orders"}},
    )
