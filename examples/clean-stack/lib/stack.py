from constructs import Construct
from cdktf import Fn, S3Backend, TerraformStack
from cdktf_cdktf_provider_aws.data_aws_availability_zones import DataAwsAvailabilityZones
from cdktf_cdktf_provider_aws.dynamodb_table import DynamodbTable
from cdktf_cdktf_provider_aws.lambda_function import LambdaFunction
from cdktf_cdktf_provider_aws.provider import AwsProvider
from cdktf_cdktf_provider_aws.route53_record import Route53Record
from cdktf_cdktf_provider_aws.s3_bucket import S3Bucket
from cdktf_cdktf_provider_aws.s3_bucket_versioning import S3BucketVersioningA
from cdktf_cdktf_provider_aws.subnet import Subnet
from cdktf_cdktf_provider_aws.vpc_peering_connection_accepter import VpcPeeringConnectionAccepterA


class PlatformStack(TerraformStack):
    def __init__(self, scope: Construct, id_: str) -> None:
        super().__init__(scope, id_)
        AwsProvider(self, "aws", region="eu-west-1", default_tags=[{"tags": {"team": "platform"}}])
        S3Backend(self, bucket="example-terraform-state", key="platform/terraform.tfstate", region="eu-west-1")
        self.add_override("terraform.backend.s3.use_lockfile", True)  # Terraform >= 1.11: fine on 1.11.4

        bucket = S3Bucket(self, "artifacts", bucket_prefix="artifacts-")
        S3BucketVersioningA(self, "artifacts-versioning", bucket=bucket.id,
                            versioning_configuration={"status": "Enabled"})
        DynamodbTable(
            self,
            "orders",
            name="orders",
            billing_mode="PAY_PER_REQUEST",
            hash_key="pk",
            attribute=[{"name": "pk", "type": "S"}, {"name": "customer", "type": "S"}],
            global_secondary_index=[{"name": "by-customer", "hashKey": "customer", "projectionType": "ALL"}],
            point_in_time_recovery={"enabled": True},
            server_side_encryption={"enabled": True, "kms_key_arn": "alias/aws/dynamodb"},
        )

        azs = DataAwsAvailabilityZones(self, "azs", state="available")
        Subnet(self, "private-a", vpc_id="vpc-0a1b2c3d", cidr_block="10.0.1.0/24",
               availability_zone=Fn.element(azs.names, 0))
        VpcPeeringConnectionAccepterA(self, "peer", vpc_peering_connection_id="pcx-0123456789abcdef0",
                                      auto_accept=True)
        Route53Record(
            self,
            "api-primary",
            zone_id="Z0123456789ABCDEFGHIJ",
            name="api.example.com",
            type="CNAME",
            ttl=60,
            records=["api-eu.example.com"],
            set_identifier="primary",
            failover_routing_policy={"type": "PRIMARY"},
        )
        LambdaFunction(
            self,
            "worker",
            function_name="orders-worker",
            role="arn:aws:iam::123456789012:role/orders-worker",
            runtime="python3.12",
            handler="app.handler",
            filename="dist/worker.zip",
            environment={"variables": {"TABLE": "orders"}},
        )
