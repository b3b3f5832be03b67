"""Build the typed :class:`Spec` from a loaded document (OpenAPI 3.0, 3.1 or Swagger 2.0)."""

from __future__ import annotations

import re
from urllib.parse import urlsplit

from treaty._gc import paused_gc
from treaty._json import JSONObject, JSONValue
from treaty.changes.model import OperationKey
from treaty.errors import SpecError
from treaty.sources.document import Document
from treaty.spec import content, swagger
from treaty.spec.dialect import Dialect, dialect_of
from treaty.spec.document import Info, Operation, RequestBody, SecurityRequirement, Server, Spec
from treaty.spec.parameters import (
    SWAGGER_BODY_LOCATIONS,
    RawParameter,
    build_parameter,
    build_swagger_parameter,
    merged,
    raw_parameters,
)
from treaty.spec.pointer import join
from treaty.spec.security import requirements, schemes, swagger_schemes
from treaty.spec.shape import entries, field, flag, mapping, resolved, sequence, strings, text

METHODS = ("get", "put", "post", "delete", "options", "head", "patch", "trace")
_TEMPLATE_PARAMETER = re.compile(r"\{([^{}/]*)\}")
_VARIABLE = re.compile(r"\{([^{}]*)\}")


def template(path: str) -> tuple[str, tuple[str, ...]]:
    """A path with parameter names blanked (``/pets/{}``) and the names in order."""
    return _TEMPLATE_PARAMETER.sub("{}", path), tuple(_TEMPLATE_PARAMETER.findall(path))


def build(document: Document) -> Spec:
    """Build the Spec of ``document``; a wrong shape is a SpecError naming its pointer."""
    try:
        with paused_gc():  # a large document makes many objects and no garbage cycles
            return _build(document.root, document.name)
    except SpecError as exc:
        exc.where = exc.where or document.name
        raise


def _build(root: JSONObject, name: str) -> Spec:
    dialect = dialect_of(root)
    info = field(root, "info", "#") or {}
    components = field(root, "components", "#") or {}
    if dialect is Dialect.SWAGGER_2:
        servers = swagger.servers(root)
        security_schemes = swagger_schemes(root.get("securityDefinitions"), "#/securityDefinitions")
    else:
        servers = _servers(root.get("servers"), "#/servers")
        security_schemes = schemes(
            root, components.get("securitySchemes"), "#/components/securitySchemes"
        )
    security = requirements(root.get("security") or [], "#/security")
    builder = _OperationBuilder(root, dialect, security, servers)
    for path, item, where in entries(root.get("paths") or {}, "#/paths"):
        if not path.startswith("x-"):
            builder.add_path(path, item, where)
    webhooks: dict[OperationKey, Operation] = {}
    if dialect is not Dialect.SWAGGER_2:  # 3.1 `webhooks`: the API calls its subscribers
        hooks = root.get("webhooks")
        for hook, item, where in entries({} if hooks is None else hooks, "#/webhooks"):
            if not hook.startswith("x-"):
                builder.add_path(hook, item, where, via="webhook", into=webhooks)
    return Spec(
        name=name,
        dialect=dialect,
        info=Info(
            title=text(info, "title", "#/info"),
            version=text(info, "version", "#/info"),
            pointer="#/info",
        ),
        operations=builder.operations,
        security_schemes=security_schemes,
        security=security,
        servers=servers,
        root=root,
        webhooks=webhooks,
    )


def _servers(node: JSONValue, pointer: str) -> tuple[Server, ...]:
    found = []
    for index, item in enumerate(sequence(node or [], pointer)):
        where = join(pointer, index)
        server = mapping(item, where)
        url = text(server, "url", where) or "/"
        concrete = url
        for var, body, vat in entries(server.get("variables") or {}, join(where, "variables")):
            concrete = concrete.replace(
                "{" + var + "}", text(mapping(body, vat), "default", vat) or ""
            )
        concrete = _VARIABLE.sub("", concrete)
        path = urlsplit(concrete).path if "://" in concrete else concrete.split("?")[0]
        found.append(Server(url=url, base_path=path.rstrip("/"), pointer=where))
    return tuple(found)


class _OperationBuilder:
    """Walks ``paths`` once, building each operation with its path item's shared parts."""

    def __init__(
        self,
        root: JSONObject,
        dialect: Dialect,
        security: tuple[SecurityRequirement, ...],
        servers: tuple[Server, ...],
    ) -> None:
        self.root, self.security, self.servers = root, security, servers
        self.swagger = dialect is Dialect.SWAGGER_2
        self.consumes = strings(root, "consumes", "#") if self.swagger else ()
        self.produces = strings(root, "produces", "#") if self.swagger else ()
        self.operations: dict[OperationKey, Operation] = {}

    def add_path(
        self,
        path: str,
        node: JSONValue,
        pointer: str,
        *,
        via: str = "",
        into: dict[OperationKey, Operation] | None = None,
    ) -> None:
        """Add the operations of one path item (unknown methods and ``x-`` keys are ignored).

        ``via`` marks the operations of a webhook or callback path item; they go ``into`` that
        mapping instead of the document's operations.
        """
        found = self.operations if into is None else into
        item, at = resolved(self.root, node, pointer)
        shared = raw_parameters(self.root, item.get("parameters") or [], join(at, "parameters"))
        servers = self.servers
        if not self.swagger and item.get("servers") is not None:
            servers = _servers(item.get("servers"), join(at, "servers"))
        for method in METHODS:
            if method in item:
                where = join(at, method)
                operation = self._operation(
                    path, method, mapping(item[method], where), where, shared, servers, via
                )
                found[operation.key] = operation

    def _operation(
        self,
        path: str,
        method: str,
        node: JSONObject,
        at: str,
        shared: list[RawParameter],
        servers: tuple[Server, ...],
        via: str = "",
    ) -> Operation:
        root = self.root
        own = raw_parameters(root, node.get("parameters") or [], join(at, "parameters"))
        raws = merged(shared, own)
        body: RequestBody | None
        if self.swagger:
            parameters = tuple(
                build_swagger_parameter(raw)
                for raw in raws
                if raw.location not in SWAGGER_BODY_LOCATIONS
            )
            body = swagger.request_body(
                [raw for raw in raws if raw.location == "body"],
                [raw for raw in raws if raw.location == "formData"],
                _types(node, "consumes", at, self.consumes),
                join(at, "parameters"),
            )
            produces = _types(node, "produces", at, self.produces)
            responses = swagger.responses(
                root, node.get("responses"), produces, join(at, "responses")
            )
        else:
            parameters = tuple(build_parameter(root, raw) for raw in raws)
            body = content.request_body(root, node.get("requestBody"), join(at, "requestBody"))
            responses = content.responses(root, node.get("responses"), join(at, "responses"))
            if node.get("servers") is not None:
                servers = _servers(node.get("servers"), join(at, "servers"))
        security = self.security
        if node.get("security") is not None:
            security = requirements(node["security"], join(at, "security"))
        path_template, names = template(path)
        callbacks: dict[OperationKey, Operation] = {}
        if not self.swagger and not via:  # a callback's own callbacks are not followed
            self._callbacks(f"{method.upper()} {path}", node, at, callbacks)
        return Operation(
            key=OperationKey(method, path, via),
            path_template=path_template,
            path_parameters=names,
            operation_id=text(node, "operationId", at),
            deprecated=flag(node, "deprecated", at),
            sunset=text(node, "x-sunset", at),
            stability=text(node, "x-stability-level", at),
            tags=strings(node, "tags", at),
            parameters=parameters,
            request_body=body,
            responses=responses,
            security=security,
            servers=servers,
            pointer=at,
            callbacks=callbacks,
        )

    def _callbacks(
        self, owner: str, node: JSONObject, at: str, into: dict[OperationKey, Operation]
    ) -> None:
        """The callback operations of one operation: each callback's expressions' path items."""
        listed = node.get("callbacks")
        for name, value, where in entries({} if listed is None else listed, join(at, "callbacks")):
            if name.startswith("x-"):
                continue
            callback, cat = resolved(self.root, value, where)
            for expression, item, iat in entries(callback, cat):
                if not expression.startswith("x-"):
                    via = f"callback `{name}` of {owner}"
                    self.add_path(expression, item, iat, via=via, into=into)


def _types(node: JSONObject, key: str, pointer: str, default: tuple[str, ...]) -> tuple[str, ...]:
    """Swagger 2.0 ``consumes``/``produces``: the operation's own list, else the document's."""
    return strings(node, key, pointer) if key in node else default
