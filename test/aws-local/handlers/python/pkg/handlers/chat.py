"""A handler inside a package: Handler pkg.handlers.chat.handler."""


def handler(event, context):
    return {"module": __name__}
