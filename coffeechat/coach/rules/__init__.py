"""Every rule module is imported here, which registers its rules with the engine."""
