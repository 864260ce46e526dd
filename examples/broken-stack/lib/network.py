from constructs import Construct
from cdktf import Fn
from cdktf_cdktf_provider_aws.data_aws_availability_zones import DataAwsAvailabilityZones
from cdktf_cdktf_provider_aws.route53_record import Route53Record
from cdktf_cdktf_provider_aws.subnet import Subnet
from cdktf_cdktf_provider_aws.vpc_peering_connection_accepter import VpcPeeringConnectionAccepter


def add_network(scope: Construct) -> None:
    azs = DataAwsAvailabilityZones(scope, "azs", state="available")
    Subnet(scope, "private-a", vpc_id="vpc-0a1b2c3d", cidr_block="10.0.1.0/24",
           availability_zone=Fn.element(azs.names_fqn, 0))
    Subnet(scope, "private-b", vpc_id="vpc-0a1b2c3d", cidr_block="10.0.2.0/24",
           availability_zone=Fn.element(azs.names, 1))
    VpcPeeringConnectionAccepter(scope, "peer", vpc_peering_connection_id="pcx-0123456789abcdef0",
                                 auto_accept=True)
    Route53Record(
        scope,
        "api-primary",
        zone_id="Z0123456789ABCDEFGHIJ",
        name="api.example.com",
        type="CNAME",
        ttl=60,
        records=["api-eu.example.com"],
        set_identifier="primary",
        failover_routing_policy=[{"type": "PRIMARY"}],
    )
