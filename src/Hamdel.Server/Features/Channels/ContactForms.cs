using System.Globalization;
using Hamdel.Server.Features.Conversations;
using Hamdel.Server.Features.Customers;
using Hamdel.Server.Infrastructure.Data;
using Hamdel.Server.Infrastructure.Errors;
using Microsoft.AspNetCore.DataProtection;
using Microsoft.EntityFrameworkCore;

namespace Hamdel.Server.Features.Channels;

/// <summary>
/// The public contact form of a web-form channel. Spam is kept out by a field people never see (a
/// bot that fills it gets a thank-you and nothing is stored), a minimum time between showing the form
/// and sending it, and a per-address rate limit on the page.
/// </summary>
internal sealed class ContactForms(HamdelDbContext db, Inbound inbound, IDataProtectionProvider protection, TimeProvider time)
{
    public const int MaxMessage = 10_000;

    /// <summary>Filled in less time than this, a form was not filled by a person.</summary>
    public static readonly TimeSpan MinimumFillTime = TimeSpan.FromSeconds(2);

    internal sealed class Input
    {
        public string? Name { get; set; }
        public string? Email { get; set; }
        public string? Phone { get; set; }
        public string? Message { get; set; }
        /// <summary>The honeypot.</summary>
        public string? Website { get; set; }
        /// <summary>When the form was shown, protected so it cannot be forged.</summary>
        public string? Started { get; set; }
    }

    private IDataProtector Protector => protection.CreateProtector("Hamdel.ContactForm.Started");

    public Task<Channel?> FindAsync(string publicKey, CancellationToken cancellationToken) =>
        db.Channels.AsNoTracking().SingleOrDefaultAsync(c => c.PublicKey == publicKey && c.Kind == WebFormChannelKind.Name && c.IsActive, cancellationToken);

    public string StartToken() => Protector.Protect(time.GetUtcNow().UtcTicks.ToString(CultureInfo.InvariantCulture));

    public async Task<Outcome<Done>> SubmitAsync(Channel channel, Input input, CancellationToken cancellationToken)
    {
        if (!string.IsNullOrEmpty(input.Website))
        {
            return Done.Value;
        }
        if (!ShownLongEnoughAgo(input.Started))
        {
            return new Failure(FailureKind.Validation, Strings.Get("Form.TooFast"));
        }

        var errors = new Dictionary<string, string[]>();
        var email = Identities.Email(input.Email, "email");
        if (email.Failure is not null)
        {
            errors["email"] = [string.IsNullOrWhiteSpace(input.Email) ? Strings.Get("Form.EmailRequired") : email.Failure.Detail];
        }
        string? phone = null;
        if (!string.IsNullOrWhiteSpace(input.Phone))
        {
            var region = await db.Workspaces.Where(w => w.Id == channel.WorkspaceId).Select(w => w.DefaultPhoneRegion).SingleAsync(cancellationToken);
            var checkedPhone = Identities.Phone(input.Phone, region, "phone");
            if (checkedPhone.Failure is { } phoneFailure)
            {
                errors["phone"] = [phoneFailure.Detail];
            }
            phone = checkedPhone.Value;
        }
        var message = input.Message?.Trim();
        if (string.IsNullOrEmpty(message))
        {
            errors["message"] = [Strings.Get("Form.MessageRequired")];
        }
        else if (message.Length > MaxMessage)
        {
            errors["message"] = [Strings.Format("Error.TooLong", Strings.Get("Form.Message"), MaxMessage)];
        }
        if (input.Name is { Length: > Limits.NameLength })
        {
            errors["name"] = [Strings.Format("Error.TooLong", Strings.Get("Form.Name"), Limits.NameLength)];
        }
        if (errors.Count > 0)
        {
            return new Failure(FailureKind.Validation, string.Join(" ", errors.Values.SelectMany(e => e)), errors);
        }

        var sender = new InboundSender(email.Value, phone, null, string.IsNullOrWhiteSpace(input.Name) ? null : input.Name.Trim(), Verified: false);
        await inbound.ReceiveAsync(channel, [new InboundItem(sender, message!, null, null, null, null, [])], null, cancellationToken);
        return Done.Value;
    }

    private bool ShownLongEnoughAgo(string? token)
    {
        try
        {
            var ticks = long.Parse(Protector.Unprotect(token ?? ""), CultureInfo.InvariantCulture);
            return time.GetUtcNow().UtcTicks - ticks >= MinimumFillTime.Ticks;
        }
        catch (Exception e) when (e is FormatException or System.Security.Cryptography.CryptographicException)
        {
            return false;
        }
    }
}
