"""Write a large, legal OpenAPI 3.0 document: ``python benchmarks/big_spec.py OUT [OPERATIONS]``.

Issue 9's scale case: 100,000 operations (about 25 MB of YAML) in one file.
Every operation has a path parameter, a query parameter, a request body or
responses that refer to shared components, so every rule has work to do.
The file is generated, never committed. Figures are in benchmarks/README.md.
"""

from __future__ import annotations

import sys

METHODS = ("get", "put", "post", "delete")


def spec(operations: int) -> str:
    out = [
        "openapi: 3.0.3\n",
        "info: {title: Big, version: '1'}\n",
        "servers: [{url: 'https://api.example.com'}]\n",
        "security: [{bearer: []}]\n",
        "paths:\n",
    ]
    paths = (operations + len(METHODS) - 1) // len(METHODS)
    n = 0
    for p in range(paths):
        out.append(f"  /items{p}/{{id}}:\n")
        out.append(
            "    parameters:\n"
            "      - {name: id, in: path, required: true, schema: {type: string, maxLength: 36}}\n"
        )
        for method in METHODS:
            if n == operations:
                break
            n += 1
            out.append(f"    {method}:\n      operationId: op{n}\n")
            out.append(
                "      parameters:\n        - {name: q, in: query, schema: {type: string}}\n"
            )
            if method in ("put", "post"):
                out.append(
                    "      requestBody:\n        content:\n          application/json:\n"
                    "            schema: {$ref: '#/components/schemas/Item'}\n"
                )
            out.append(
                "      responses:\n"
                "        '200':\n          description: OK\n          content:\n"
                "            application/json:\n"
                "              schema: {$ref: '#/components/schemas/Item'}\n"
                "        '400': {$ref: '#/components/responses/Problem'}\n"
            )
    out.append(
        "components:\n"
        "  securitySchemes:\n    bearer: {type: http, scheme: bearer, bearerFormat: JWT}\n"
        "  responses:\n    Problem:\n      description: problem\n      content:\n"
        "        application/problem+json:\n          schema: {type: object}\n"
        "  schemas:\n    Item:\n      type: object\n      additionalProperties: false\n"
        "      properties:\n        name: {type: string, maxLength: 100}\n"
        "        tags: {type: array, maxItems: 10, items: {type: string, maxLength: 20}}\n"
    )
    return "".join(out)


def main() -> None:
    target = sys.argv[1]
    operations = int(sys.argv[2]) if len(sys.argv) > 2 else 100_000
    with open(target, "w") as fh:
        fh.write(spec(operations))


if __name__ == "__main__":
    main()
