"""A handler in a sub-folder that is no package: Handler sub/app.handler, as Lambda reads it."""


def handler(event, context):
    return {"module": __name__}
