"""The one exception the LanguageTool layer raises."""


class LanguageToolUnavailable(RuntimeError):
    """LanguageTool cannot be used; the message is one line naming what is missing and the fix."""

    def __init__(self, message: str) -> None:
        super().__init__(" ".join(message.split()))
