"""A Lambda runtime interface client for Python, as the local host runs it.

It follows the Lambda Runtime API contract
(https://docs.aws.amazon.com/lambda/latest/dg/runtimes-api.html) and what
AWS's managed Python runtimes do with a handler: how it is found, the context
it gets, how its result is sent and how its failures are reported
(https://docs.aws.amazon.com/lambda/latest/dg/python-handler.html,
https://docs.aws.amazon.com/lambda/latest/dg/python-exceptions.html).
Standard library only.
"""

__version__ = "1.0.0"
