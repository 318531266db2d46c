"""okrsite: OKRs and KPIs as code, validated, scored and published as a static site."""

__version__ = "0.1.0"
