"""Coffeechat: a local-first coach and personal CRM for information interviews."""

__version__ = "0.1.0"
