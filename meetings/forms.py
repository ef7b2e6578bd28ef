import os

from django import forms
from django.core.files.uploadedfile import UploadedFile

from .attachments import AttachmentRejected, apply, check_upload, max_bytes
from .models import Attachment

ACCEPT = ".pdf,.doc,.docx"


class StoredFile:
    """A stored private file as the file widget shows it: its name, linked to the download view."""

    def __init__(self, file, url: str):
        self.name, self.url = file.name, url

    def __str__(self):
        return os.path.basename(self.name)


class PrivateFileInput(forms.ClearableFileInput):
    """A file input for files kept in private storage, which have no public URL.

    Django's widget asks the stored file for ``.url`` (an error for private storage); this
    one links the current file to the portal's checked download view instead.
    """

    download_url = ""

    def is_initial(self, value):
        return bool(value and getattr(value, "name", ""))

    def format_value(self, value):
        if self.is_initial(value):
            return StoredFile(value, self.download_url)
        return None


class AttachmentForm(forms.ModelForm):
    """A document's file: checked (type, content, size) and read for search before it is saved."""

    class Meta:
        model = Attachment
        fields = ["file", "title", "order"]
        widgets = {"file": PrivateFileInput(attrs={"accept": ACCEPT})}

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.checked = None
        limit = max_bytes() // (1024 * 1024)
        self.fields["file"].help_text = f"PDF, DOC hoặc DOCX, tối đa {limit} MB."
        if self.instance.pk and isinstance(self.fields["file"].widget, PrivateFileInput):
            self.fields["file"].widget.download_url = self.instance.get_absolute_url()

    def clean_file(self):
        upload = self.cleaned_data.get("file")
        # A new upload is an UploadedFile; an unchanged row keeps its stored FieldFile.
        if isinstance(upload, UploadedFile):
            try:
                self.checked = check_upload(upload)
            except AttachmentRejected as exc:
                raise forms.ValidationError(str(exc), code="invalid_attachment") from None
        return upload

    def save(self, commit=True):
        if self.checked is not None:
            apply(self.instance, self.checked)
        return super().save(commit=commit)
