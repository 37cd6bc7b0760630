"""Reads AWS shared credentials files as botocore does, one JSON line of paths in, one JSON out.

For each file: {"error": "..."} when botocore refuses it, or {"profiles": {name: {"accessKeyId",
"secretAccessKey", "sessionToken"} | {"error": "..."}}} with what SharedCredentialProvider loads
for every profile of the file.
"""
import json
import sys

from botocore.configloader import raw_config_parse
from botocore.credentials import SharedCredentialProvider
from botocore.exceptions import BotoCoreError


def read(path):
    try:
        sections = raw_config_parse(path)
    except BotoCoreError as e:
        return {"error": type(e).__name__}
    profiles = {}
    for name in sections:
        try:
            creds = SharedCredentialProvider(creds_filename=path, profile_name=name).load()
        except BotoCoreError as e:
            profiles[name] = {"error": type(e).__name__}
            continue
        if creds is None:
            profiles[name] = None
        else:
            profiles[name] = {"accessKeyId": creds.access_key, "secretAccessKey": creds.secret_key, "sessionToken": creds.token or None}
    return {"profiles": profiles}


paths = json.loads(sys.stdin.read())
json.dump([read(p) for p in paths], sys.stdout)
