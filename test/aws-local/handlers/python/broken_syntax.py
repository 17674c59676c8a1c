"""A handler whose module does not parse."""


def handler(event, context)
    return "unreachable"
