"""Articles and categories: the models and the read queries shared by every feature."""
