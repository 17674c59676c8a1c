"""A handler whose module raises while it initializes."""

raise RuntimeError("the configuration is missing")


def handler(event, context):
    return "unreachable"
