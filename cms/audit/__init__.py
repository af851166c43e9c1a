"""The audit log: who did what to which object, when, from which address."""
