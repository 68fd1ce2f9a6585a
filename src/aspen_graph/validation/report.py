"""What validation found, in a form a person can act on."""

from __future__ import annotations

from dataclasses import dataclass, field

SEVERITY_ORDER = {"Violation": 0, "Warning": 1, "Info": 2}


@dataclass(frozen=True, slots=True)
class Finding:
    """One result: severity, the focus node (with its label and source file), property, message."""

    severity: str
    focus: str
    message: str
    focus_label: str | None = None
    path: str | None = None
    value: str | None = None
    shape: str | None = None
    source_file: str | None = None

    def describe(self) -> str:
        """One readable paragraph for the console."""
        who = f"{self.focus_label} <{self.focus}>" if self.focus_label else f"<{self.focus}>"
        lines = [f"[{self.severity}] {who}"]
        if self.source_file:
            lines.append(f"    in {self.source_file}")
        if self.path:
            lines.append(f"    property: {self.path}")
        if self.value:
            lines.append(f"    value: {self.value}")
        lines.append(f"    {self.message}")
        if self.shape:
            lines.append(f"    (shape {self.shape})")
        return "\n".join(lines)


@dataclass(frozen=True, slots=True)
class ValidationReport:
    """All findings of one run; ``conforms`` is false when any finding is a violation."""

    findings: list[Finding] = field(default_factory=list)
    checked_files: int = 0

    @property
    def conforms(self) -> bool:
        return not any(finding.severity == "Violation" for finding in self.findings)

    def count(self, severity: str) -> int:
        return sum(1 for finding in self.findings if finding.severity == severity)

    def sorted(self) -> list[Finding]:
        return sorted(
            self.findings,
            key=lambda f: (SEVERITY_ORDER.get(f.severity, 9), f.source_file or "", f.focus),
        )

    def summary(self) -> str:
        verdict = "conforms" if self.conforms else "does not conform"
        return (
            f"{verdict}: {self.count('Violation')} violation(s), {self.count('Warning')} "
            f"warning(s), {self.count('Info')} info, over {self.checked_files} file(s)"
        )
