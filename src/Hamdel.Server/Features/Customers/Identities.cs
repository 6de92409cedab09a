using System.Net.Mail;
using System.Text;
using System.Text.RegularExpressions;
using Hamdel.Server.Infrastructure.Errors;
using PhoneNumbers;

namespace Hamdel.Server.Features.Customers;

/// <summary>
/// The one place where an e-mail, phone number or handle is checked and put in the form used for
/// uniqueness and look-ups, so the same person is recognised however their address was typed.
/// </summary>
internal static partial class Identities
{
    private static readonly PhoneNumberUtil Phones = PhoneNumberUtil.GetInstance();

    /// <summary>Case-folded; must be one plain address.</summary>
    public static Outcome<string> Email(string? raw, string field)
    {
        var value = raw?.Trim();
        if (string.IsNullOrEmpty(value) || value.Length > Limits.EmailLength || !MailAddress.TryCreate(value, out var address) || address.Address != value || address.DisplayName.Length > 0)
        {
            return Failure.Invalid(field, Strings.Format("Identity.Email", raw ?? ""));
        }
        return value.ToLowerInvariant();
    }

    /// <summary>
    /// E.164 (+989121234567). Persian and Arabic-Indic digits are accepted, as are spaces, dashes,
    /// brackets and a leading 00; without a country code the workspace's default region is used.
    /// </summary>
    public static Outcome<string> Phone(string? raw, string? defaultRegion, string field)
    {
        var digits = FoldDigits(raw?.Trim() ?? "");
        if (digits.StartsWith("00", StringComparison.Ordinal))
        {
            digits = "+" + digits[2..];
        }
        if (digits.Length is 0 or > 32)
        {
            return Failure.Invalid(field, Strings.Format("Identity.Phone", raw ?? ""));
        }
        try
        {
            var region = digits.StartsWith('+') ? null : defaultRegion;
            if (!digits.StartsWith('+') && region is null)
            {
                return Failure.Invalid(field, Strings.Format("Identity.PhoneCountry", raw ?? ""));
            }
            var number = Phones.Parse(digits, region);
            if (!Phones.IsValidNumber(number))
            {
                return Failure.Invalid(field, Strings.Format("Identity.Phone", raw ?? ""));
            }
            return Phones.Format(number, PhoneNumberFormat.E164);
        }
        catch (NumberParseException)
        {
            return Failure.Invalid(field, Strings.Format("Identity.Phone", raw ?? ""));
        }
    }

    /// <summary><c>kind:value</c>: a lower-case kind (telegram, web, crm ...) and the channel's or system's own id.</summary>
    public static Outcome<string> Handle(string? raw, string field)
    {
        var value = raw?.Trim() ?? "";
        var match = HandlePattern().Match(value);
        if (!match.Success || value.Length > Limits.IdentityLength)
        {
            return Failure.Invalid(field, Strings.Format("Identity.Handle", raw ?? ""));
        }
        return match.Groups[1].Value.ToLowerInvariant() + ":" + match.Groups[2].Value.Trim();
    }

    public static Outcome<string> Normalize(IdentityKind kind, string? raw, string? defaultRegion, string field) => kind switch
    {
        IdentityKind.Email => Email(raw, field),
        IdentityKind.Phone => Phone(raw, defaultRegion, field),
        _ => Handle(raw, field),
    };

    /// <summary>Persian (۰–۹) and Arabic-Indic (٠–٩) digits to ASCII, nothing else changed.</summary>
    internal static string FoldDigitsOnly(string text) => string.Create(text.Length, text, static (span, source) =>
    {
        for (var i = 0; i < span.Length; i++)
        {
            var c = source[i];
            span[i] = c switch
            {
                >= '\u06F0' and <= '\u06F9' => (char)('0' + (c - '\u06F0')),
                >= '\u0660' and <= '\u0669' => (char)('0' + (c - '\u0660')),
                _ => c,
            };
        }
    });

    /// <summary>Persian (۰–۹) and Arabic-Indic (٠–٩) digits to ASCII; spaces, dashes, dots and brackets dropped.</summary>
    internal static string FoldDigits(string text)
    {
        var builder = new StringBuilder(text.Length);
        foreach (var c in text)
        {
            if (c is >= '\u06F0' and <= '\u06F9')
            {
                builder.Append((char)('0' + (c - '\u06F0')));
            }
            else if (c is >= '\u0660' and <= '\u0669')
            {
                builder.Append((char)('0' + (c - '\u0660')));
            }
            else if (c is ' ' or '-' or '.' or '(' or ')' or '\u00A0' or '\u200C' or '\u200E' or '\u200F')
            {
                continue;
            }
            else
            {
                builder.Append(c);
            }
        }
        return builder.ToString();
    }

    [GeneratedRegex(@"^([A-Za-z][A-Za-z0-9_.\-]{0,31}):(\S.*)$")]
    private static partial Regex HandlePattern();
}
