import { Construct } from "constructs";
import { App, TerraformStack } from "cdktf";
import { AwsProvider } from "@cdktf/provider-aws/lib/provider";
import { S3Bucket } from "@cdktf/provider-aws/lib/s3-bucket";
import { S3BucketVersioning } from "@cdktf/provider-aws/lib/s3-bucket-versioning";
import { DynamodbTable } from "@cdktf/provider-aws/lib/dynamodb-table";

class Storage extends TerraformStack {
  constructor(scope: Construct, id: string) {
    super(scope, id);
    new AwsProvider(this, "aws", { region: "eu-west-1" });

    const bucket = new S3Bucket(this, "assets", { bucketName: "example-assets" });
    new S3BucketVersioning(this, "assets-versioning", {
      bucket: bucket.id,
      versioningConfiguration: { status: "Enabled" },
    });

    new DynamodbTable(this, "sessions", {
      name: "sessions",
      hashKey: "pk",
      billingMode: "PAY_PER_REQUEST",
      attribute: { name: "pk", type: "S" },
      pointInTimeRecovery: [{ enabled: true }],
    });
  }
}

const app = new App();
new Storage(app, "storage");
app.synth();
