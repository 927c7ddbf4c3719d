"""The password strength policy (hashing is a port: the domain never sees a hash algorithm)."""

from __future__ import annotations

MIN_LENGTH = 12
MAX_LENGTH = 256
# the handful every breach list starts with; length and variety rules catch the rest
COMMON = {"password1234", "123456789012", "qwertyuiop12", "iloveyou1234", "admin1234567", "welcome12345"}


def password_problems(password: str, *, email: str | None = None) -> list[str]:
    problems: list[str] = []
    if len(password) < MIN_LENGTH:
        problems.append(f"at least {MIN_LENGTH} characters are required")
    if len(password) > MAX_LENGTH:
        problems.append(f"at most {MAX_LENGTH} characters are allowed")
    classes = sum(
        [
            any(c.islower() for c in password),
            any(c.isupper() for c in password),
            any(c.isdigit() for c in password),
            any(not c.isalnum() for c in password),
        ]
    )
    if classes < 3:
        problems.append("use at least three of: lower case, upper case, digits, symbols")
    if password.lower() in COMMON:
        problems.append("this password is too common")
    local_part = (email or "").split("@", 1)[0].lower()
    if len(local_part) >= 4 and local_part in password.lower():
        problems.append("the password must not contain the e-mail name")
    return problems
