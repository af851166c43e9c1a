"""Site settings: the portal's name, the managing agency and the footer fields."""
