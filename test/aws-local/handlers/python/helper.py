"""A module beside the handler: found because the task root is on sys.path, as on Lambda."""


def greeting():
    return "hello from helper"


def fail(message):
    raise ValueError(message)
