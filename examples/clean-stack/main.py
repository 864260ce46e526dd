#!/usr/bin/env python
from cdktf import App

from lib.stack import PlatformStack

app = App()
PlatformStack(app, "platform")
app.synth()
