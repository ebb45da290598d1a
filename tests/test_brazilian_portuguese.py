"""One Portuguese throughout, the Brazilian norm: also in the messages that come from
Django and the libraries (sign-in, passwords, form errors), whose `pt` catalogues are
European. `make install` builds their Brazilian ones into the `pt` of the pages
(base/brazilian_catalogue.py)."""

import pytest
from django.utils import translation
from django.utils.translation import gettext

from base.brazilian_catalogue import brazilian_catalogues

pytestmark = pytest.mark.django_db

EUROPEAN = ("Utilizador", "utilizador", "Palavra-passe", "palavra-passe")


def test_the_libraries_brazilian_catalogues_are_found():
    names = {path.parts[-5] for path in brazilian_catalogues()}
    assert {"auth", "admin"} <= names  # django/contrib/<app>/locale/pt_BR/...


def test_djangos_own_messages_read_brazilian():
    with translation.override("pt"):
        assert gettext("Username") == "Nome de usuário"
        assert gettext("Password") == "Senha"
        assert gettext("This field is required.") == "Este campo é obrigatório."


@pytest.mark.parametrize(
    "url",
    ["/pt/accounts/login/", "/pt/accounts/password_reset/", "/pt/accounts/request/"],
)
def test_sign_in_pages_speak_brazilian_portuguese(client, url):
    response = client.get(url)
    assert response.status_code == 200
    content = response.content.decode()
    assert "Senha" in content or "senha" in content
    assert not [word for word in EUROPEAN if word in content]


def test_a_password_change_speaks_brazilian_portuguese(client, official):
    client.force_login(official)
    response = client.post(
        "/pt/accounts/password_change/",
        {"old_password": "wrong", "new_password1": "a", "new_password2": "b"},
    )
    content = response.content.decode()
    assert response.status_code == 200
    assert "senha" in content.lower()
    assert not [word for word in EUROPEAN if word in content]
