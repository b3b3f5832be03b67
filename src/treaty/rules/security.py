"""Security rules: requirements, scopes and security schemes."""

from __future__ import annotations

from treaty._json import JSONValue
from treaty.changes.model import Action, Aspect, Change, Direction, Scope, Target
from treaty.rules.families import added_values, removed_values
from treaty.rules.registry import Area, RuleContext, Severity, rule

# scheme definitions live outside operations: the engine reports them at document scope
_SCHEME_SCOPES = (Scope.DOCUMENT, Scope.OPERATION)


@rule(
    id="security-requirement-removed",
    severity=Severity.ERROR,
    direction=Direction.NONE,
    area=Area.SECURITY,
    on=(Target.SECURITY, Aspect.EXISTENCE, Action.REMOVED),
    message="{operation} no longer accepts authentication with `{name}`",
)
def security_requirement_removed(change: Change, ctx: RuleContext) -> bool:
    """A way to authenticate (a security requirement alternative) was removed.

    Why it breaks:
        Clients that authenticate that way are now rejected with 401/403.

    Ship it safely:
        Keep the old scheme as an alternative until clients migrate.

    Example:
        base:      security: [{apiKey: []}, {oauth: [read]}]
        revision:  security: [{oauth: [read]}]
    """
    return bool(change.name) and not _still_accepted(change, ctx)


def _still_accepted(change: Change, ctx: RuleContext) -> bool:
    """Does a revision alternative accept every client of the removed one?

    An alternative is an AND-group: a client that met `{a, b}` sends both credentials, so
    `{a}` (or anonymous access, the empty group) still accepts it, as long as each scheme
    it keeps asks for no scope the removed group did not. Dropping authentication
    altogether breaks nobody either: credentials clients still send are simply not needed.
    """
    spec = ctx.revision
    operation = spec.operations.get(change.operation) if spec and change.operation else None
    before = change.before if isinstance(change.before, dict) else {}
    met = {name: set(_scopes(scopes)) for name, scopes in before.items()}
    alternatives = operation.security if operation is not None else ()
    return operation is not None and (
        not alternatives
        or any(
            all(name in met and set(scopes) <= met[name] for name, scopes in alt.schemes.items())
            for alt in alternatives
        )
    )


def _scopes(value: JSONValue) -> list[str]:
    return [str(v) for v in value] if isinstance(value, list) else []


@rule(
    id="security-requirement-loosened",
    severity=Severity.INFO,
    direction=Direction.NONE,
    area=Area.SECURITY,
    on=(Target.SECURITY, Aspect.EXISTENCE, Action.REMOVED),
    message="{operation} no longer needs all of `{name}`: what clients send still suffices",
)
def security_requirement_loosened(change: Change, ctx: RuleContext) -> bool:
    """A security requirement lost a member: an AND-group now asks for fewer credentials.

    Why it is safe:
        Clients that authenticated with every scheme of the old group (and its scopes)
        still meet the smaller one; the extra credential is simply not needed. The same
        holds when the operation no longer requires authentication at all.

    Ship it safely:
        Nothing to do for clients; check that the remaining schemes protect enough.

    Example:
        base:      security: [{apiKey: [], oauth: [read]}]
        revision:  security: [{oauth: [read]}]
    """
    return bool(change.name) and _still_accepted(change, ctx)


@rule(
    id="security-anonymous-access-removed",
    severity=Severity.ERROR,
    direction=Direction.NONE,
    area=Area.SECURITY,
    on=(Target.SECURITY, Aspect.EXISTENCE, Action.REMOVED),
    message="{operation} now requires authentication",
)
def security_anonymous_access_removed(change: Change, ctx: RuleContext) -> bool:
    """An operation that allowed anonymous access now requires authentication.

    Why it breaks:
        Clients that call it without credentials are now rejected.

    Ship it safely:
        Keep an empty requirement `{}` among the alternatives.

    Example:
        base:      security: [{}]
        revision:  security: [{apiKey: []}]
    """
    return not change.name


@rule(
    id="security-requirement-added",
    severity=Severity.INFO,
    direction=Direction.NONE,
    area=Area.SECURITY,
    on=(Target.SECURITY, Aspect.EXISTENCE, Action.ADDED),
    message="{operation} accepts a new way to authenticate: `{name}`",
)
def security_requirement_added(change: Change, ctx: RuleContext) -> bool:
    """A new security requirement alternative was added.

    Why it is safe:
        Alternatives are OR-ed: clients keep authenticating as before. (A requirement
        replacing anonymous access is reported as `security-anonymous-access-removed`.)

    Ship it safely:
        Nothing to do.

    Example:
        base:      security: [{apiKey: []}]
        revision:  security: [{apiKey: []}, {oauth: [read]}]
    """
    return True


@rule(
    id="security-scopes-added",
    severity=Severity.ERROR,
    direction=Direction.NONE,
    area=Area.SECURITY,
    on=(Target.SECURITY, Aspect.SCOPES, Action.CHANGED),
    message="{operation} now requires scopes {added} of `{name}` (was {before}, now {after})",
)
def security_scopes_added(change: Change, ctx: RuleContext) -> bool:
    """An operation now requires more OAuth scopes.

    Why it breaks:
        Tokens issued with the old scopes are rejected with 403.

    Ship it safely:
        Accept the old scopes as an alternative requirement until tokens are reissued.

    Example:
        base:      security: [{oauth: [read]}]
        revision:  security: [{oauth: [read, write]}]
    """
    return bool(added_values(change.before, change.after))


@rule(
    id="security-scopes-removed",
    severity=Severity.INFO,
    direction=Direction.NONE,
    area=Area.SECURITY,
    on=(Target.SECURITY, Aspect.SCOPES, Action.CHANGED),
    message=(
        "{operation} no longer requires scopes {removed} of `{name}` (was {before}, now {after})"
    ),
)
def security_scopes_removed(change: Change, ctx: RuleContext) -> bool:
    """An operation requires fewer OAuth scopes.

    Why it is safe:
        Tokens with the old scopes still carry the ones required now.

    Ship it safely:
        Nothing to do.

    Example:
        base:      security: [{oauth: [read, write]}]
        revision:  security: [{oauth: [read]}]
    """
    return bool(removed_values(change.before, change.after))


@rule(
    id="security-scheme-type-changed",
    severity=Severity.ERROR,
    direction=Direction.NONE,
    area=Area.SECURITY,
    on=(Target.SECURITY_SCHEME, Aspect.SCHEME_TYPE, Action.CHANGED),
    scopes=_SCHEME_SCOPES,
    message="security scheme `{name}` changed type from {before} to {after}",
)
def security_scheme_type_changed(change: Change, ctx: RuleContext) -> bool:
    """A security scheme that operations use changed its type (e.g. apiKey to http bearer).

    Why it breaks:
        Clients send credentials the old way and are rejected.

    Ship it safely:
        Add a new scheme as an alternative instead of changing the old one.

    Example:
        base:      securitySchemes: {auth: {type: apiKey, in: header, name: X-Key}}
        revision:  securitySchemes: {auth: {type: http, scheme: bearer}}
    """
    return True


@rule(
    id="security-scheme-api-key-moved",
    severity=Severity.ERROR,
    direction=Direction.NONE,
    area=Area.SECURITY,
    on=(Target.SECURITY_SCHEME, Aspect.API_KEY_LOCATION, Action.CHANGED),
    scopes=_SCHEME_SCOPES,
    message="API key of security scheme `{name}` moved from {before} to {after}",
)
def security_scheme_api_key_moved(change: Change, ctx: RuleContext) -> bool:
    """An API key moved (different header/query/cookie name or location).

    Why it breaks:
        Clients send the key where the server no longer looks.

    Ship it safely:
        Accept the key in both places during a migration.

    Example:
        base:      {type: apiKey, in: header, name: X-Key}
        revision:  {type: apiKey, in: header, name: X-Api-Key}
    """
    # a scheme that stopped being an API key is judged by security-scheme-type-changed
    return change.before is not None and change.after is not None


@rule(
    id="security-oauth-flow-removed",
    severity=Severity.ERROR,
    direction=Direction.NONE,
    area=Area.SECURITY,
    on=(Target.SECURITY_SCHEME, Aspect.OAUTH_FLOW, Action.REMOVED),
    scopes=_SCHEME_SCOPES,
    message="OAuth flow `{name}` removed from security scheme",
)
def security_oauth_flow_removed(change: Change, ctx: RuleContext) -> bool:
    """An OAuth flow was removed from a security scheme.

    Why it breaks:
        Clients that obtain tokens with that flow can no longer authenticate.

    Ship it safely:
        Keep the flow until clients move to another one.

    Example:
        base:      flows: {implicit: {...}, authorizationCode: {...}}
        revision:  flows: {authorizationCode: {...}}
    """
    return True


@rule(
    id="security-oauth-flow-added",
    severity=Severity.INFO,
    direction=Direction.NONE,
    area=Area.SECURITY,
    on=(Target.SECURITY_SCHEME, Aspect.OAUTH_FLOW, Action.ADDED),
    scopes=_SCHEME_SCOPES,
    message="OAuth flow `{name}` added to security scheme",
)
def security_oauth_flow_added(change: Change, ctx: RuleContext) -> bool:
    """An OAuth flow was added to a security scheme.

    Why it is safe:
        Clients keep using their flow.

    Ship it safely:
        Nothing to do.

    Example:
        base:      flows: {authorizationCode: {...}}
        revision:  flows: {authorizationCode: {...}, clientCredentials: {...}}
    """
    return True


@rule(
    id="security-oauth-url-changed",
    severity=Severity.WARNING,
    direction=Direction.NONE,
    area=Area.SECURITY,
    on=(Target.SECURITY_SCHEME, Aspect.OAUTH_URL, Action.CHANGED),
    scopes=_SCHEME_SCOPES,
    message="OAuth URL `{name}` changed from {before} to {after}",
)
def security_oauth_url_changed(change: Change, ctx: RuleContext) -> bool:
    """An OAuth authorization, token or refresh URL changed.

    Why it breaks:
        Clients with the URL configured fail to obtain tokens if the old URL stops
        working; the document cannot say whether it does, so this is a warning.

    Ship it safely:
        Keep the old URL working (redirect) until clients update.

    Example:
        base:      {tokenUrl: "https://auth.example.com/token"}
        revision:  {tokenUrl: "https://login.example.com/token"}
    """
    return True


@rule(
    id="security-scheme-scopes-removed",
    severity=Severity.WARNING,
    direction=Direction.NONE,
    area=Area.SECURITY,
    on=(Target.SECURITY_SCHEME, Aspect.SCOPES, Action.REMOVED),
    scopes=_SCHEME_SCOPES,
    message="scopes {removed} no longer offered by `{name}`",
)
def security_scheme_scopes_removed(change: Change, ctx: RuleContext) -> bool:
    """Scopes were removed from the scopes an OAuth flow offers.

    Why it breaks:
        Clients that request the scope may be refused a token; operations that required
        it are reported separately.

    Ship it safely:
        Keep offering the scope until no client requests it.

    Example:
        base:      scopes: {read: ..., admin: ...}
        revision:  scopes: {read: ...}
    """
    return True


@rule(
    id="security-scheme-scopes-added",
    severity=Severity.INFO,
    direction=Direction.NONE,
    area=Area.SECURITY,
    on=(Target.SECURITY_SCHEME, Aspect.SCOPES, Action.ADDED),
    scopes=_SCHEME_SCOPES,
    message="scopes {added} now offered by `{name}`",
)
def security_scheme_scopes_added(change: Change, ctx: RuleContext) -> bool:
    """Scopes were added to an OAuth flow.

    Why it is safe:
        Clients keep requesting the scopes they need.

    Ship it safely:
        Nothing to do.

    Example:
        base:      scopes: {read: ...}
        revision:  scopes: {read: ..., write: ...}
    """
    return True


@rule(
    id="security-scheme-added",
    severity=Severity.INFO,
    direction=Direction.NONE,
    area=Area.SECURITY,
    on=(Target.SECURITY_SCHEME, Aspect.EXISTENCE, Action.ADDED),
    scopes=_SCHEME_SCOPES,
    message="security scheme `{name}` added",
)
def security_scheme_added(change: Change, ctx: RuleContext) -> bool:
    """A security scheme was defined.

    Why it is safe:
        Defining a scheme changes nothing until operations require it (reported then).

    Ship it safely:
        Nothing to do.

    Example:
        base:      securitySchemes: {}
        revision:  securitySchemes: {oauth: {type: oauth2, ...}}
    """
    return True


@rule(
    id="security-scheme-removed",
    severity=Severity.INFO,
    direction=Direction.NONE,
    area=Area.SECURITY,
    on=(Target.SECURITY_SCHEME, Aspect.EXISTENCE, Action.REMOVED),
    scopes=_SCHEME_SCOPES,
    message="security scheme `{name}` removed",
)
def security_scheme_removed(change: Change, ctx: RuleContext) -> bool:
    """A security scheme definition was removed.

    Why it is safe:
        Operations that used it report their requirement changes separately.

    Ship it safely:
        Nothing to do.

    Example:
        base:      securitySchemes: {legacy: {type: apiKey, ...}}
        revision:  securitySchemes: {}
    """
    return True
