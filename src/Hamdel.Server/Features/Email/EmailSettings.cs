using System.Globalization;
using System.Net.Mail;
using System.Text.Json;
using System.Text.Json.Nodes;
using Hamdel.Server.Infrastructure.Errors;
using MailKit.Security;
using Microsoft.AspNetCore.DataProtection;

namespace Hamdel.Server.Features.Email;

/// <summary>What to do with a message on the server once Hamdel has stored it.</summary>
public enum DoneAction
{
    /// <summary>Mark it seen and with Hamdel's keyword; it stays in the folder.</summary>
    Flag,
    /// <summary>Move it to <see cref="EmailSettings.DoneFolder"/>.</summary>
    Move,
}

/// <summary>One mail server Hamdel talks to: where, how securely, as whom.</summary>
internal sealed record MailServer(string Host, int Port, SecureSocketOptions Security, string? User, string? Password)
{
    /// <summary>Tells two configurations apart (a changed one restarts the mailbox worker) without holding the secret in clear.</summary>
    public string Fingerprint => $"{Host}:{Port}:{Security}:{User}:{Password?.GetHashCode(StringComparison.Ordinal)}";

    /// <summary>Never the password: records print every member by default, and this one ends up in logs.</summary>
    public override string ToString() => $"{Host}:{Port}";
}

/// <summary>
/// An e-mail channel's settings, read from the channel's stored JSON with the secrets unprotected.
/// The passwords are kept protected by ASP.NET Core Data Protection in the database, are never
/// sent back to a browser or an API client, and are never logged.
/// </summary>
internal sealed record EmailSettings(
    MailServer Imap,
    string Folder,
    DoneAction DoneAction,
    string? DoneFolder,
    MailServer Smtp,
    string FromAddress,
    string? FromName,
    long MaxAttachmentBytes,
    int SenderHourlyLimit)
{
    public const string ProtectorPurpose = "Hamdel.Channels.Email.Secrets";

    /// <summary>The keyword set on a message Hamdel has stored (Flag mode).</summary>
    public const string DoneKeyword = "$HamdelDone";

    public const int DefaultMaxAttachmentMb = 10;
    public const int DefaultSenderHourlyLimit = 30;

    public static readonly string[] SecurityNames = ["Auto", "None", "SslOnConnect", "StartTls", "StartTlsWhenAvailable"];

    private static readonly string[] SecretFields = ["imapPassword", "smtpPassword"];

    public static EmailSettings Load(string stored, IDataProtector protector)
    {
        var node = JsonNode.Parse(stored)!.AsObject();
        string? S(string name) => node[name]?.GetValue<string>();
        int I(string name, int fallback) => node[name]?.GetValue<int>() ?? fallback;
        string? Secret(string name) => S(name) is { Length: > 0 } p ? protector.Unprotect(p) : null;
        return new EmailSettings(
            new MailServer(S("imapHost")!, I("imapPort", 993), Enum.Parse<SecureSocketOptions>(S("imapSecurity") ?? "Auto"), S("imapUser"), Secret("imapPassword")),
            S("imapFolder") ?? "INBOX",
            Enum.Parse<DoneAction>(S("doneAction") ?? "Flag", ignoreCase: true),
            S("doneFolder"),
            new MailServer(S("smtpHost")!, I("smtpPort", 587), Enum.Parse<SecureSocketOptions>(S("smtpSecurity") ?? "Auto"), S("smtpUser"), Secret("smtpPassword")),
            S("fromAddress")!,
            S("fromName"),
            I("maxAttachmentMb", DefaultMaxAttachmentMb) * 1024L * 1024L,
            I("senderHourlyLimit", DefaultSenderHourlyLimit));
    }

    /// <summary>The settings as an admin may see them: every field but the passwords, and whether each is set.</summary>
    public static JsonElement Public(string stored)
    {
        var node = JsonNode.Parse(stored)!.AsObject();
        foreach (var field in SecretFields)
        {
            var set = node[field] is not null;
            node.Remove(field);
            node[field + "Set"] = set;
        }
        return JsonSerializer.SerializeToElement(node);
    }

    /// <summary>
    /// Checks settings an admin gave and returns the JSON to store. A password left out (or null)
    /// keeps the stored one, so a form never needs to show it back.
    /// </summary>
    public static Outcome<string> Validate(JsonElement? settings, string? existing, IDataProtector protector)
    {
        var stored = existing is null ? new JsonObject() : JsonNode.Parse(existing)!.AsObject();
        var errors = new Dictionary<string, string[]>();
        void Error(string field, string message) => errors["settings." + field] = [message];
        var given = settings is { ValueKind: JsonValueKind.Object } s ? s : default;
        bool Has(string name, out JsonElement value)
        {
            value = default;
            return given.ValueKind == JsonValueKind.Object && given.TryGetProperty(name, out value) && value.ValueKind != JsonValueKind.Null;
        }

        void Text(string name, bool required, int maxLength, Func<string, bool>? valid = null, string? invalidKey = null)
        {
            if (Has(name, out var value))
            {
                if (value.ValueKind != JsonValueKind.String)
                {
                    Error(name, Strings.Format("Error.StringValue", "settings." + name));
                    return;
                }
                var text = value.GetString()!.Trim();
                if (text.Length == 0)
                {
                    stored.Remove(name);
                }
                else if (text.Length > maxLength)
                {
                    Error(name, Strings.Format("Error.TooLong", "settings." + name, maxLength));
                    return;
                }
                else if (valid is not null && !valid(text))
                {
                    Error(name, Strings.Format(invalidKey!, "settings." + name));
                    return;
                }
                else
                {
                    stored[name] = text;
                }
            }
            if (required && stored[name] is null)
            {
                Error(name, Strings.Format("Error.Required", "settings." + name));
            }
        }

        void Number(string name, int min, int max, int fallback)
        {
            if (Has(name, out var value))
            {
                if (value.ValueKind != JsonValueKind.Number || !value.TryGetInt32(out var number) || number < min || number > max)
                {
                    Error(name, Strings.Format("Error.Range", "settings." + name, min, max));
                    return;
                }
                stored[name] = number;
            }
            stored[name] ??= fallback;
        }

        void Choice(string name, string[] allowed, string fallback)
        {
            if (Has(name, out var value))
            {
                var text = value.ValueKind == JsonValueKind.String ? value.GetString() : null;
                var match = allowed.FirstOrDefault(a => string.Equals(a, text, StringComparison.OrdinalIgnoreCase));
                if (match is null)
                {
                    Error(name, Strings.Format("Error.EnumValue", "settings." + name, string.Join(", ", allowed)));
                    return;
                }
                stored[name] = match;
            }
            stored[name] ??= fallback;
        }

        void Secret(string name, bool required)
        {
            if (Has(name, out var value))
            {
                if (value.ValueKind != JsonValueKind.String || value.GetString()!.Length > 1000)
                {
                    Error(name, Strings.Format("Error.TooLong", "settings." + name, 1000));
                    return;
                }
                var secret = value.GetString()!;
                if (secret.Length == 0)
                {
                    stored.Remove(name);
                }
                else
                {
                    stored[name] = protector.Protect(secret);
                }
            }
            if (required && stored[name] is null)
            {
                Error(name, Strings.Format("Error.Required", "settings." + name));
            }
        }

        Text("imapHost", required: true, 253, IsHost, "Email.Host");
        Number("imapPort", 1, 65535, 993);
        Choice("imapSecurity", SecurityNames, "Auto");
        Text("imapUser", required: true, 320);
        Secret("imapPassword", required: true);
        Text("imapFolder", required: false, 200);
        stored["imapFolder"] ??= "INBOX";
        Choice("doneAction", ["Flag", "Move"], "Flag");
        Text("doneFolder", required: stored["doneAction"]?.GetValue<string>() == "Move", 200);
        Text("smtpHost", required: true, 253, IsHost, "Email.Host");
        Number("smtpPort", 1, 65535, 587);
        Choice("smtpSecurity", SecurityNames, "Auto");
        Text("smtpUser", required: false, 320);
        Secret("smtpPassword", required: false);
        Text("fromAddress", required: true, Limits.EmailLength, IsAddress, "Email.Address");
        Text("fromName", required: false, Limits.NameLength);
        Number("maxAttachmentMb", 1, 100, DefaultMaxAttachmentMb);
        Number("senderHourlyLimit", 1, 10_000, DefaultSenderHourlyLimit);

        if (errors.Count > 0)
        {
            return new Failure(FailureKind.Validation, string.Join(" ", errors.Values.SelectMany(v => v)), errors);
        }
        return stored.ToJsonString();
    }

    private static bool IsHost(string host) =>
        Uri.CheckHostName(host) is UriHostNameType.Dns or UriHostNameType.IPv4 or UriHostNameType.IPv6;

    private static bool IsAddress(string address) =>
        MailAddress.TryCreate(address, out var parsed) && parsed.Address == address && address.Contains('@', StringComparison.Ordinal);

    public override string ToString() => string.Create(CultureInfo.InvariantCulture, $"imap {Imap.Host}:{Imap.Port}/{Folder}, smtp {Smtp.Host}:{Smtp.Port}");
}
