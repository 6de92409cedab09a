"""An aiosmtpd handler that hands every accepted message to Dovecot over LMTP, so mail sent to
any address on the throwaway SMTP server lands in that user's IMAP mailbox (see throwaway-mail.sh).
"""
import asyncio
import smtplib


class Relay:
    def __init__(self, lmtp_port):
        self.lmtp_port = int(lmtp_port)

    @classmethod
    def from_cli(cls, parser, *args):
        if len(args) != 1:
            parser.error("Relay takes the LMTP port")
        return cls(args[0])

    def _deliver(self, envelope):
        with smtplib.LMTP("127.0.0.1", self.lmtp_port) as lmtp:
            return lmtp.sendmail(envelope.mail_from, envelope.rcpt_tos, envelope.original_content or envelope.content)

    async def handle_DATA(self, server, session, envelope):
        try:
            await asyncio.get_running_loop().run_in_executor(None, self._deliver, envelope)
        except smtplib.SMTPRecipientsRefused as refused:
            code, text = next(iter(refused.recipients.values()))
            return f"{code} {text.decode(errors='replace')}"
        except smtplib.SMTPResponseException as failed:
            return f"{failed.smtp_code} {failed.smtp_error.decode(errors='replace')}"
        return "250 OK"
