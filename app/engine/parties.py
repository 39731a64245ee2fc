"""Who sends and who receives an invoice: the seller in a provider's policy, the buyer in a
customer's contract, checked as far as the numbers themselves allow (check digits, formats)."""

from __future__ import annotations

from typing import Annotated, Literal

from pydantic import BaseModel, ConfigDict, Field, model_validator

Country = Literal["SE", "NO"]
# Peppol electronic address schemes (EAS) for an organisation number: Sweden, Norway.
SCHEME_OF_COUNTRY: dict[str, str] = {"SE": "0007", "NO": "0192"}
Line = Annotated[str, Field(min_length=1, max_length=200)]


def luhn_valid(digits: str) -> bool:
    """Return whether a string of digits passes the Luhn check (Swedish organisation numbers)."""
    total = 0
    for position, char in enumerate(reversed(digits)):
        value = int(char) * (2 if position % 2 else 1)
        total += value - 9 if value > 9 else value
    return total % 10 == 0


def mod11_valid(digits: str) -> bool:
    """Return whether nine digits pass MOD11 with weights 3,2,7,6,5,4,3,2 (Norway)."""
    weights = (3, 2, 7, 6, 5, 4, 3, 2)
    remainder = sum(int(d) * w for d, w in zip(digits[:8], weights, strict=True)) % 11
    check = 0 if remainder == 0 else 11 - remainder
    return check != 10 and check == int(digits[8])


def organisation_number_problem(number: str, country: str) -> str | None:
    """Say what is wrong with an organisation number of a country, or None when it is valid."""
    if country == "SE":
        if len(number) != 10 or not number.isdigit():
            return "a Swedish organisation number is 10 digits, without a hyphen"
        if not luhn_valid(number):
            return f"{number!r} fails the Luhn check digit of a Swedish organisation number"
    elif country == "NO":
        if len(number) != 9 or not number.isdigit():
            return "a Norwegian organisation number is 9 digits"
        if not mod11_valid(number):
            return f"{number!r} fails the MOD11 check digit of a Norwegian organisation number"
    return None


class _Data(BaseModel):
    model_config = ConfigDict(frozen=True, extra="forbid")


class Address(_Data):
    street: Line
    city: Line
    postal_code: str = Field(pattern=r"^[0-9 ]{4,6}$")
    country: Country


class _Party(_Data):
    legal_name: Line
    organisation_number: str = Field(
        description="Sweden: 10 digits (Luhn); Norway: 9 digits (MOD11). Checked by country."
    )
    endpoint_id: str = Field(
        min_length=1, max_length=60, description="Peppol electronic address (BT-34/BT-49)."
    )
    endpoint_scheme: str = Field(
        pattern=r"^[0-9]{4}$", description="Its EAS scheme: 0007 (SE org. no.), 0192 (NO)."
    )
    address: Address
    vat_number: str | None = Field(None, pattern=r"^(SE[0-9]{10}01|NO[0-9]{9}MVA)$")

    @model_validator(mode="after")
    def _numbers(self) -> _Party:
        country = self.address.country
        problem = organisation_number_problem(self.organisation_number, country)
        if problem:
            raise ValueError(f"organisation_number: {problem}")
        if self.endpoint_scheme in SCHEME_OF_COUNTRY.values():
            scheme_country = next(
                c for c, s in SCHEME_OF_COUNTRY.items() if s == self.endpoint_scheme
            )
            problem = organisation_number_problem(self.endpoint_id, scheme_country)
            if problem:
                raise ValueError(f"endpoint_id: {problem}")
        if self.vat_number is not None:
            if not self.vat_number.startswith(country):
                raise ValueError(f"vat_number: a VAT number of {country} starts with {country}")
            digits = self.vat_number[2:12] if country == "SE" else self.vat_number[2:11]
            if digits != self.organisation_number:
                raise ValueError("vat_number: its digits are not the organisation number")
        return self


class PaymentAccount(_Data):
    account: str = Field(
        min_length=1,
        max_length=34,
        pattern=r"^[A-Z0-9]+$",
        description="Where to pay: an IBAN, bankgiro or Norwegian account number, no spaces.",
    )
    bic: str | None = Field(None, pattern=r"^[A-Z0-9]{8}([A-Z0-9]{3})?$")
    name: Line | None = None


class Seller(_Party):
    """The provider as an invoice names it (BG-4), with where to pay and when."""

    vat_number: str = Field(pattern=r"^(SE[0-9]{10}01|NO[0-9]{9}MVA)$")
    payment: PaymentAccount
    payment_days: int = Field(30, ge=0, le=365, description="Days from issue to due date.")


class Buyer(_Party):
    """The customer as an invoice names it (BG-7)."""

    buyer_reference: Line | None = Field(
        None, description="Default buyer reference (BT-10); a request may override it."
    )
