from datetime import timedelta

import factory
from django.utils import timezone

from news.models import Article, Category, Tag


class CategoryFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Category

    name = factory.Sequence(lambda n: f"Chuyên mục số {n}")


class TagFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Tag

    name = factory.Sequence(lambda n: f"Từ khóa {n}")


class ArticleFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Article
        skip_postgeneration_save = True

    title = factory.Sequence(lambda n: f"Hội nghị Ban Chấp hành Đảng bộ thành phố lần thứ {n}")
    lead = "Sáng 20/6, Ban Thường vụ Thành ủy tổ chức hội nghị giao ban quý II."
    body = "<p>Dự hội nghị có các đồng chí trong Ban Thường vụ Thành ủy.</p>"
    category = factory.SubFactory(CategoryFactory)
    byline = "Trần Thanh"
    status = Article.Status.PUBLISHED
    published_at = factory.LazyFunction(lambda: timezone.now() - timedelta(hours=1))

    @factory.post_generation
    def tags(self, create, extracted, **kwargs):
        if create and extracted:
            self.tags.add(*extracted)
