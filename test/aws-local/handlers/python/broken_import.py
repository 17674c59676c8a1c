"""A handler whose module imports a package the function does not have."""
import not_installed_anywhere  # noqa: F401


def handler(event, context):
    return "unreachable"
