from constructs import Construct
from cdktf_cdktf_provider_aws.dynamodb_table import DynamodbTable
from cdktf_cdktf_provider_aws.s3_bucket import S3Bucket
from cdktf_cdktf_provider_aws.s3_bucket_versioning import S3BucketVersioning


def add_storage(scope: Construct) -> None:
    bucket = S3Bucket(scope, "artifacts", bucket_prefix="artifacts-")
    S3BucketVersioning(scope, "artifacts-versioning", bucket=bucket.id,
                       versioning_configuration={"status": "Enabled"})
    DynamodbTable(
        scope,
        "orders",
        name="orders",
        billing_mode="PAY_PER_REQUEST",
        hash_key="pk",
        attribute=[{"name": "pk", "type": "S"}, {"name": "customer", "type": "S"}],
        global_secondary_index=[{"name": "by-customer", "hash_key": "customer", "projection_type": "ALL"}],
        point_in_time_recovery=[{"enabled": True}],
        server_side_encryption={"enabled": True, "kmsKeyArn": "alias/aws/dynamodb"},
    )
