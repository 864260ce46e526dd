from constructs import Construct
from cdktf import S3Backend, TerraformStack
from cdktf_cdktf_provider_aws.provider import AwsProvider

from lib.compute import add_compute
from lib.network import add_network
from lib.storage import add_storage


class PlatformStack(TerraformStack):
    def __init__(self, scope: Construct, id_: str) -> None:
        super().__init__(scope, id_)
        AwsProvider(self, "aws", region="eu-west-1", default_tags=[{"tags": {"team": "platform"}}])
        S3Backend(self, bucket="example-terraform-state", key="platform/terraform.tfstate", region="eu-west-1")
        # S3-native state locking: Terraform >= 1.10 (experimental), 1.11 (GA); CI pins 1.5.7
        self.add_override("terraform.backend.s3.use_lockfile", True)
        add_storage(self)
        add_network(self)
        add_compute(self)
