using System.Globalization;
using System.Net;
using System.Text;
using Hamdel.Server.Infrastructure.Localization;
using MimeKit;

namespace Hamdel.Server.Features.Surveys;

/// <summary>
/// The invitation e-mail, in the invitation's language: for a scale, every score is a link that
/// records it at once (one click) and opens the page for an optional comment. The HTML has no
/// script and no remote images; a plain-text part carries the same links.
/// </summary>
internal static class SurveyMail
{
    public static MimeMessage Compose(SmtpOptions smtp, string workspaceName, SurveyKind kind, SurveyDefinition definition, string to, string language, string token, SurveyLinks links)
    {
        var culture = Intl.Culture(language);
        string T(string key) => Strings.Get(key, culture);
        var rtl = Intl.IsRightToLeft(language);
        var (intro, question) = Wording(workspaceName, kind, definition, language);

        var html = new StringBuilder();
        html.Append(CultureInfo.InvariantCulture, $"<!DOCTYPE html><html lang=\"{language}\" dir=\"{(rtl ? "rtl" : "ltr")}\"><head><meta charset=\"utf-8\"><title>{E(question)}</title></head>");
        html.Append("<body style=\"font-family:Vazirmatn,Tahoma,Arial,sans-serif;color:#212121;background:#f3f6f5;padding:24px\">");
        html.Append("<div style=\"max-width:560px;margin:auto;background:#fff;border-radius:8px;padding:24px\">");
        html.Append(CultureInfo.InvariantCulture, $"<p>{E(intro)}</p><h1 style=\"font-size:20px\">{E(question)}</h1>");
        var text = new StringBuilder();
        text.AppendLine(intro).AppendLine().AppendLine(question).AppendLine();
        if (definition.IsScale)
        {
            var (low, high) = definition.Labels(language);
            html.Append("<table role=\"presentation\" style=\"border-collapse:separate;border-spacing:4px\"><tr>");
            for (var score = definition.Min; score <= definition.Max; score++)
            {
                var url = links.Response(token, language, score);
                var label = Intl.LocalizeDigits(score.ToString(CultureInfo.InvariantCulture), language);
                html.Append(CultureInfo.InvariantCulture, $"<td><a href=\"{E(url)}\" style=\"display:inline-block;min-width:28px;padding:10px 6px;text-align:center;border:1px solid #00695c;border-radius:4px;color:#004d40;text-decoration:none;font-weight:bold\">{label}</a></td>");
                text.AppendLine(CultureInfo.InvariantCulture, $"{label}: {url}");
            }
            html.Append("</tr></table>");
            html.Append(CultureInfo.InvariantCulture, $"<table role=\"presentation\" style=\"width:100%;font-size:13px;color:#555\"><tr><td style=\"text-align:start\">{E(low)}</td><td style=\"text-align:end\">{E(high)}</td></tr></table>");
            text.AppendLine().AppendLine(CultureInfo.InvariantCulture, $"{definition.Min} = {low}, {definition.Max} = {high}");
        }
        var page = links.Response(token, language);
        html.Append(CultureInfo.InvariantCulture, $"<p><a href=\"{E(page)}\" style=\"color:#00695c\">{E(T("Survey.MailOpenPage"))}</a></p>");
        text.AppendLine().AppendLine(CultureInfo.InvariantCulture, $"{T("Survey.MailOpenPage")}: {page}");
        if (kind == SurveyKind.Customer)
        {
            var optOut = links.OptOut(token, language);
            html.Append(CultureInfo.InvariantCulture, $"<p style=\"font-size:12px;color:#616161\">{E(string.Format(culture, T("Survey.MailWhy"), workspaceName))} <a href=\"{E(optOut)}\" style=\"color:#616161\">{E(T("Survey.OptOutLink"))}</a></p>");
            text.AppendLine().AppendLine(string.Format(culture, T("Survey.MailWhy"), workspaceName)).AppendLine(CultureInfo.InvariantCulture, $"{T("Survey.OptOutLink")}: {optOut}");
        }
        else
        {
            html.Append(CultureInfo.InvariantCulture, $"<p style=\"font-size:12px;color:#616161\">{E(T("Survey.PulseAnonymous"))}</p>");
            text.AppendLine().AppendLine(T("Survey.PulseAnonymous"));
        }
        html.Append("</div></body></html>");

        var message = new MimeMessage();
        message.From.Add(new MailboxAddress(string.IsNullOrWhiteSpace(smtp.FromName) ? workspaceName : smtp.FromName, smtp.From));
        message.To.Add(MailboxAddress.Parse(to));
        message.Subject = question;
        message.Headers.Add("Auto-Submitted", "auto-generated");
        message.Body = new BodyBuilder { HtmlBody = html.ToString(), TextBody = text.ToString() }.ToMessageBody();
        return message;
    }

    /// <summary>
    /// The invitation as a message in the customer's conversation (a channel that carries links):
    /// who asks, the question, the link to the response page, and the way to opt out.
    /// </summary>
    public static string ConversationText(string workspaceName, SurveyDefinition definition, string language, string token, SurveyLinks links)
    {
        var culture = Intl.Culture(language);
        var intro = definition.Intro?.For(language) ?? string.Format(culture, Strings.Get("Survey.ConversationIntro", culture), workspaceName);
        var question = definition.Question.For(language) ?? "";
        var text = new StringBuilder();
        text.AppendLine(intro).AppendLine(question).AppendLine(links.Response(token, language)).AppendLine()
            .Append(string.Format(culture, Strings.Get("Survey.MailWhy", culture), workspaceName)).Append(' ')
            .Append(Strings.Get("Survey.OptOutLink", culture)).Append(": ").Append(links.OptOut(token, language));
        return text.ToString();
    }

    private static (string Intro, string Question) Wording(string workspaceName, SurveyKind kind, SurveyDefinition definition, string language)
    {
        var culture = Intl.Culture(language);
        var intro = definition.Intro?.For(language)
            ?? string.Format(culture, Strings.Get(kind == SurveyKind.Pulse ? "Survey.MailIntroPulse" : "Survey.MailIntro", culture), workspaceName);
        return (intro, definition.Question.For(language) ?? "");
    }

    private static string E(string text) => WebUtility.HtmlEncode(text);
}
