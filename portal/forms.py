from django import forms

from .images import ImageRejected, clean_upload


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
