"""Word splitting, the credential and personal-data vocabularies, the BSN
eleven-test and the secret/placeholder heuristics shared by the issue-3 rules."""

from __future__ import annotations

import pytest

from oaslint.rules.errors._secrets import is_placeholder, looks_random, secret_shape
from oaslint.rules.shared.names import (
    credential_term,
    is_bsn,
    is_email,
    names_path_resource,
    passes_elfproef,
    personal_data_term,
    url_credentials,
    words,
)


@pytest.mark.parametrize(
    ("name", "expected"),
    [
        ("accessToken", ("access", "token")),
        ("access_token", ("access", "token")),
        ("access-token", ("access", "token")),
        ("access.token", ("access", "token")),
        ("X-Api-Key", ("x", "api", "key")),
        ("APIKey", ("api", "key")),
        ("XMLHttpRequest", ("xml", "http", "request")),
        ("OAuthToken", ("oauth", "token")),
        ("e-mail", ("email",)),
        ("inpA_nummer", ("inp", "a", "nummer")),
        ("password2", ("password", "2")),
        ("ids[]", ("ids",)),
        ("tokenization-mode", ("tokenization", "mode")),
        ("", ()),
    ],
)
def test_words(name: str, expected: tuple[str, ...]) -> None:
    assert words(name) == expected


@pytest.mark.parametrize(
    "name",
    [
        "accessToken",
        "access_token",
        "api_key",
        "apikey",
        "apiKey",
        "X-Api-Key",
        "client-secret",
        "client_secret",
        "wachtwoord",
        "password",
        "passwd",
        "pwd",
        "password2",
        "passwordConfirmation",
        "new_password",
        "id_token",
        "refresh_token",
        "key",
        "Ocp-Apim-Subscription-Key",
        "session_id",
        "sessionId",
        "JSESSIONID",
        "jwt",
        "signature",
        "auth",
        "Authorization",
        "Proxy-Authorization",
        "pin",
        "pinCode",
        "X-Auth-Token",
        "credentials",
        "secret",
        "private_key",
        "toegangstoken",
        "token__eq",
    ],
)
def test_credential_names(name: str) -> None:
    assert credential_term(name) is not None, name


@pytest.mark.parametrize(
    "name",
    [
        "tokenization-mode",
        "keyword",
        "passage",
        "pageSize",
        "pageToken",
        "PageToken",
        "next_token",
        "page_token",
        "syncToken",
        "method_truncated_token",
        "monkey",
        "sortKey",
        "partition_key",
        "Idempotency-Key",
        "api_key_id",
        "tokenType",
        "token_type_hint",
        "secretName",
        "session",
        "authorization_id",
        "passport",
        "keys_only",
        "oauth",
        "pinned",
        "signatureAlgorithm",
        "password__isnull",
        "",
    ],
)
def test_not_credential_names(name: str) -> None:
    assert credential_term(name) is None, name


def test_credential_contexts() -> None:
    # headers: message signatures and CSRF tokens are not authentication
    assert credential_term("X-Hub-Signature", header=True) is None
    assert credential_term("X-CSRF-Token", header=True) is None
    assert credential_term("sig", header=True) is None
    assert credential_term("X-CSRF-Token") == "token"
    # cookies: a session cookie is the credential
    assert credential_term("session") is None
    assert credential_term("session", cookie=True) == "session cookie"
    assert credential_term("connect.sid", cookie=True) == "session cookie"


@pytest.mark.parametrize(
    "name",
    [
        "bsn",
        "BSN",
        "burgerservicenummer",
        "burgerServiceNummer",
        "inpBsn",
        "betrokkeneIdentificatie__natuurlijkPersoon__inpBsn",
        "inpA_nummer",
        "a-nummer",
        "sofinummer",
        "ssn",
        "iban",
        "IBANNummer",
        "email",
        "e-mail",
        "emailAddress",
        "contact_email",
        "emailadres",
        "phone",
        "PhoneNumber",
        "telefoonnummer",
        "geboortedatum",
        "geboortedatum__gte",
        "birthDate",
        "date_of_birth",
        "dob",
        "creditCardNumber",
        "card_number",
        "cvv",
        "passport",
        "paspoortnummer",
        "documentnummer",
    ],
)
def test_personal_data_names(name: str) -> None:
    assert personal_data_term(name) is not None, name


@pytest.mark.parametrize(
    "name",
    [
        "postcode",
        "huisnummer",
        "huisnummertoevoeging",
        "email_verified",
        "emailType",
        "phone_country",
        "card",
        "last4",
        "pageSize",
        "identificatie",
        "naam",
        "nummer",
        "mailbox",
        "datanummer",
        "",
    ],
)
def test_not_personal_data_names(name: str) -> None:
    assert personal_data_term(name) is None, name


@pytest.mark.parametrize(
    ("path", "name", "expected"),
    [
        ("/checkout/sessions/{session}", "session", True),
        ("/sessions/{sessionId}", "sessionId", True),
        ("/v2/spaces/keys/{access_key}", "access_key", True),
        ("/v1/ephemeral_keys/{key}", "key", True),
        ("/v1/shipping_rates/{shipping_rate_token}", "shipping_rate_token", True),
        ("/users/{id}/sessions/{type}/{session_id}", "session_id", True),
        ("/reset/{resetToken}", "resetToken", False),
        ("/login/{password}", "password", False),
        ("/{token}", "token", False),
        ("/session/{sessionId}", "sessionId", False),
    ],
)
def test_names_path_resource(path: str, name: str, expected: bool) -> None:
    assert names_path_resource(path, name) is expected


def test_elfproef() -> None:
    assert passes_elfproef("999993653")
    assert not passes_elfproef("123456789")
    assert not passes_elfproef("000000000")
    assert not passes_elfproef("99999365")  # 8 digits
    assert is_bsn(999993653) and is_bsn("999993653")
    assert not is_bsn(123456789) and not is_bsn(True)


def test_email() -> None:
    assert is_email("jan.jansen@example.nl")
    assert not is_email("jan@") and not is_email("@example.nl") and not is_email(12)


@pytest.mark.parametrize(
    ("url", "hit"),
    [
        ("https://user:pass@api.example.com/v1", True),
        ("https://api.example.com/v1?api_key=abc", True),
        ("https://api.example.com/{apiKey}/v1", True),
        ("https://api.example.com/v1?lang=nl&page_token=x", False),
        ("https://{region}.example.com/v1", False),
        ("/v1", False),
    ],
)
def test_url_credentials(url: str, hit: bool) -> None:
    assert (url_credentials(url) is not None) is hit


@pytest.mark.parametrize(
    "value",
    [
        "your-api-key-here",
        "<token>",
        "{{token}}",
        "${API_KEY}",
        "xxx",
        "string",
        "example",
        "changeme",
        "***",
        "sk_live_xxxxxxxxxxxxxxxxxxxxxxxx",
        "abcdefghijklmnopqrstuvwxyz0123",
        "eyJhbGciOi...",
        "YOUR_API_KEY",
        "my-secret-token-1234",
    ],
)
def test_placeholders(value: str) -> None:
    assert is_placeholder(value)
    assert secret_shape(value) is None
    assert not looks_random(value)


@pytest.mark.parametrize(
    ("value", "kind"),
    [
        (
            "eyJhbGciOiJSUzI1NiIsInR5cCI6IkpXVCIsImtpZCI6ImsxIn0.eyJzdWIiOiJ1c2VyLTQyIiwiYXVkIjo"
            "iYXBpIiwiaWF0IjoxNzAwMDAwMDAwfQ.PtYgjmUhBel31iEl2hpChYgCfrL1spNxnyVmihA_2O7",
            "JSON Web Token",
        ),
        ("AKIA4WFHYM4L1VFZ3ZFK", "AWS"),
        ("ghp_kibjL5DZPjN0MEQ7wjJJibaZUPgHV7iB3m03", "GitHub"),
        ("xoxb-304348395486-2057986828288-b3CXlMaXZjljENUhJduRHHJE", "Slack"),
        ("sk_live_YXg4JdpmrcXgGCJbW56eCuNG", "Stripe"),
        ("rk_live_MGmSrCGIZEG8pSH4487q7J58", "Stripe"),
    ],
)
def test_secret_shapes(value: str, kind: str) -> None:
    found = secret_shape(value)
    assert found is not None and kind in found


@pytest.mark.parametrize(
    "value",
    [
        "sk_test_4eC39HqLyjWDarjtT1zdp7dc",  # Stripe test key: not a live secret
        "pk_live_51H7qABCxyzKLMnop9876QRSt",  # publishable: public by design
        "AKIAIOSFODNN7EXAMPLE",  # AWS documentation key
        # the jwt.io sample token
        "eyJhbGciOiJIUzI1NiIsInR5cCI6IkpXVCJ9.eyJzdWIiOiIxMjM0NTY3ODkwIiwibmFtZSI6IkpvaG4gRG9l"
        "IiwiaWF0IjoxNTE2MjM5MDIyfQ.SflKxwRJSMeKKF2QT4fwpMeJf36POk6yJV_adQssw5c",
        "-----BEGIN PRIVATE KEY-----\n...\n-----END PRIVATE KEY-----\n",
        "ACaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaa",  # Twilio account SID placeholder
    ],
)
def test_not_secrets(value: str) -> None:
    assert secret_shape(value) is None


def test_looks_random() -> None:
    assert looks_random("m1CiAhzCueQpBenQtYh5Xj8TPQxjq4i9")
    assert looks_random("d34c4492b7b28f412d94f95c91d1c93931e7e11d")  # hex
    assert not looks_random("m1CiAhzCueQpBen")  # too short
    assert not looks_random("correct horse battery staple 42")  # spaces
    assert not looks_random("3fa85f64-5717-4562-b3fc-2c963f66afa6")  # UUID
    assert not looks_random("tok_1N3T00LkdIwHu7ixt44h1F8k")  # prefixed object id
    assert not looks_random("thisisaverylongpasswordvalue")  # no digits
