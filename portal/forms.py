from django import forms

from .editor import RichTextEditor
from .images import ImageRejected, clean_upload
from .pasted_images import Pending, check, store_pending


class PipelineImageField(forms.FileField):
    """An upload checked and re-encoded by the image pipeline during form validation.

    ``clean`` returns a ``CleanUpload`` (nothing written yet) or raises a ValidationError
    carrying the pipeline's Vietnamese message; ``portal.images.store`` writes it later,
    once the whole form is valid, so a refused or abandoned form leaves no file behind.
    """

    widget = forms.FileInput(attrs={"accept": "image/jpeg,image/png,image/webp,image/gif"})

    def clean(self, data, initial=None):
        upload = super().clean(data, initial)
        if not upload or upload is initial:
            return None
        try:
            return clean_upload(upload)
        except ImageRejected as exc:
            raise forms.ValidationError(str(exc), code="invalid_image") from None


class PastedImagesFormMixin:
    """For a ModelForm with rich-text fields (widget RichTextEditor): photos pasted from other
    sites, or written into the text as ``data:``, become the portal's own (portal.pasted_images).

    ``clean`` fetches and checks them, or gives the field an error naming each photo that
    failed and why (the form comes back with everything as typed); ``save`` stores them and
    points the text at their renditions, so a refused form writes nothing. For the admin, the
    ModelAdmin sets ``request`` (PastedImagesAdminMixin): who lacks the right to add photos
    cannot bring outside ones in either.
    """

    request = None
    pending_images: Pending | None = None

    def rich_text_fields(self) -> list[str]:
        return [name for name, field in self.fields.items() if isinstance(field.widget, RichTextEditor)]

    def clean(self):
        texts = {
            name: self.cleaned_data[name] for name in self.rich_text_fields() if self.cleaned_data.get(name)
        }
        self.pending_images, errors = check(texts, getattr(self.request, "user", None))
        for name, messages in errors.items():
            self.add_error(name, messages)
            # The text itself is fine: the model's own checks still see it (a page's "needs
            # content" would otherwise speak of an empty text the editor never sent).
            self.cleaned_data[name] = texts[name]
        return super().clean()

    def save(self, commit=True):
        if self.pending_images is not None and self.pending_images.fields:
            texts = store_pending(self.pending_images, getattr(self.request, "user", None))
            for name, html in texts.items():
                self.cleaned_data[name] = html
                setattr(self.instance, name, html)
            self.pending_images = None
        return super().save(commit)
