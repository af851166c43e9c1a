"""Content models, one class per file."""

from cms.content.models.article import Article
from cms.content.models.article_count import ArticleCount
from cms.content.models.article_revision import REVISION_FIELDS, ArticleRevision
from cms.content.models.category import Category
from cms.content.models.slug_redirect import SlugRedirect

__all__ = [
    "REVISION_FIELDS",
    "Article",
    "ArticleCount",
    "ArticleRevision",
    "Category",
    "SlugRedirect",
]
