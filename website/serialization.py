"""The backup's serialization format (``portal-jsonl``, settings.SERIALIZATION_MODULES):
Django's JSON lines, with datetimes and times kept to the microsecond. Django's own encoder
cuts them to milliseconds, and a restored portal would then see an edit made a few
microseconds after an import as made at the same moment (news.legacy compares the two)."""

import datetime

from django.core.serializers import jsonl
from django.core.serializers.json import DjangoJSONEncoder


class ExactEncoder(DjangoJSONEncoder):
    def default(self, o):
        if isinstance(o, datetime.datetime | datetime.time):
            return o.isoformat()
        return super().default(o)


class Serializer(jsonl.Serializer):
    def _init_options(self):
        super()._init_options()
        self.json_kwargs["cls"] = ExactEncoder


Deserializer = jsonl.Deserializer
