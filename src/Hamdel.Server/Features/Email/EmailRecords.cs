using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Metadata.Builders;

namespace Hamdel.Server.Features.Email;

/// <summary>
/// What Hamdel knows about a message that came or went by e-mail, beside the <see cref="Conversations.Message"/>
/// it belongs to (one to one): the Internet Message-ID and references that thread replies, the key
/// that stores a message fetched twice once, the people on copy, attachments that were not kept,
/// whether it was an automatic reply or a bounce, and where its quoted part starts.
/// </summary>
internal sealed class EmailMessage
{
    public Guid MessageId { get; init; }
    public Guid WorkspaceId { get; init; }
    public Guid ChannelId { get; init; }
    /// <summary>The Message-ID header without angle brackets (Hamdel's own for outbound mail); null when the sender gave none.</summary>
    public string? InternetMessageId { get; set; }
    /// <summary>In-Reply-To and References, space separated, as the thread of the next reply needs them.</summary>
    public string? References { get; init; }
    /// <summary>SHA-256 of the Message-ID and the body: the same message in another fetch or mailbox has the same key.</summary>
    public required string DedupeKey { get; init; }
    public string? Subject { get; init; }
    public string? From { get; init; }
    public string? To { get; init; }
    /// <summary>Addresses on copy, comma separated; a reply goes to them too.</summary>
    public string? Cc { get; init; }
    /// <summary>An automatic reply (RFC 3834, vacation, bulk): never answered automatically, never surveyed.</summary>
    public bool Automated { get; init; }
    /// <summary>A delivery status notification (RFC 3464) about a message Hamdel sent.</summary>
    public bool Bounce { get; init; }
    /// <summary>Where the quoted earlier messages or the signature begin in the message's text; null when there is none.</summary>
    public int? QuoteStart { get; init; }
    /// <summary>Attachments that were not stored (too large, a type not allowed), as JSON: name, type, size, reason.</summary>
    public string? SkippedAttachments { get; init; }
    public DateTimeOffset CreatedAt { get; init; }
}

/// <summary>Where fetching stands for one e-mail channel's mailbox.</summary>
internal sealed class EmailMailboxState
{
    public Guid ChannelId { get; init; }
    public Guid WorkspaceId { get; init; }
    /// <summary>The folder's UIDVALIDITY when <see cref="LastUid"/> was recorded; another value means every UID changed.</summary>
    public long UidValidity { get; set; }
    /// <summary>The highest UID stored (or quarantined) in Hamdel.</summary>
    public long LastUid { get; set; }
    public DateTimeOffset? LastFetchAt { get; set; }
    /// <summary>What went wrong on the last try to reach the mailbox (no secrets); null when it worked.</summary>
    public string? LastError { get; set; }
    public DateTimeOffset? LastErrorAt { get; set; }
}

/// <summary>A message that could not be read or stored: kept with its raw source and the reason, so nothing is lost.</summary>
internal sealed class EmailQuarantine
{
    public Guid Id { get; init; } = Guid.CreateVersion7();
    public Guid WorkspaceId { get; init; }
    public Guid ChannelId { get; init; }
    public long Uid { get; init; }
    public long UidValidity { get; init; }
    public required string Reason { get; init; }
    public string? From { get; init; }
    public string? Subject { get; init; }
    public string? InternetMessageId { get; init; }
    public long Size { get; init; }
    /// <summary>The raw message in the attachment store's folder (relative path).</summary>
    public required string StorageKey { get; init; }
    public DateTimeOffset CreatedAt { get; init; }
}

public enum OutgoingEmailState
{
    Pending,
    Sent,
    Failed,
}

/// <summary>
/// An e-mail waiting to be handed to the channel's SMTP server, in the same transaction as the reply
/// it carries; sent by <see cref="EmailSender"/>, retried with back-off, failed for good after a
/// permanent SMTP answer or too many tries.
/// </summary>
internal sealed class OutgoingEmail
{
    public Guid Id { get; init; } = Guid.CreateVersion7();
    public Guid WorkspaceId { get; init; }
    public Guid ChannelId { get; init; }
    public Guid MessageId { get; init; }
    public OutgoingEmailState State { get; set; }
    public int Attempts { get; set; }
    public DateTimeOffset NextAttemptAt { get; set; }
    public string? LastError { get; set; }
    public DateTimeOffset CreatedAt { get; init; }
    public DateTimeOffset? SentAt { get; set; }
}

internal sealed class EmailMessageConfiguration : IEntityTypeConfiguration<EmailMessage>
{
    public void Configure(EntityTypeBuilder<EmailMessage> builder)
    {
        builder.HasKey(e => e.MessageId);
        builder.Property(e => e.InternetMessageId).HasMaxLength(500);
        builder.Property(e => e.References).HasMaxLength(8000);
        builder.Property(e => e.DedupeKey).HasMaxLength(64);
        builder.Property(e => e.Subject).HasMaxLength(1000);
        builder.Property(e => e.From).HasMaxLength(1000);
        builder.Property(e => e.To).HasMaxLength(4000);
        builder.Property(e => e.Cc).HasMaxLength(4000);
        builder.Property(e => e.SkippedAttachments).HasMaxLength(16000);
        builder.HasOne<Conversations.Message>().WithOne().HasForeignKey<EmailMessage>(e => e.MessageId);
        builder.HasIndex(e => new { e.WorkspaceId, e.DedupeKey }).IsUnique();
        builder.HasIndex(e => new { e.WorkspaceId, e.InternetMessageId });
        builder.HasIndex(e => new { e.ChannelId, e.From, e.CreatedAt });
    }
}

internal sealed class EmailMailboxStateConfiguration : IEntityTypeConfiguration<EmailMailboxState>
{
    public void Configure(EntityTypeBuilder<EmailMailboxState> builder)
    {
        builder.HasKey(s => s.ChannelId);
        builder.Property(s => s.LastError).HasMaxLength(2000);
    }
}

internal sealed class EmailQuarantineConfiguration : IEntityTypeConfiguration<EmailQuarantine>
{
    public void Configure(EntityTypeBuilder<EmailQuarantine> builder)
    {
        builder.Property(q => q.Reason).HasMaxLength(2000);
        builder.Property(q => q.From).HasMaxLength(1000);
        builder.Property(q => q.Subject).HasMaxLength(1000);
        builder.Property(q => q.InternetMessageId).HasMaxLength(500);
        builder.Property(q => q.StorageKey).HasMaxLength(300);
        builder.HasIndex(q => new { q.WorkspaceId, q.ChannelId, q.CreatedAt });
        builder.HasIndex(q => new { q.ChannelId, q.UidValidity, q.Uid }).IsUnique();
    }
}

internal sealed class OutgoingEmailConfiguration : IEntityTypeConfiguration<OutgoingEmail>
{
    public void Configure(EntityTypeBuilder<OutgoingEmail> builder)
    {
        builder.Property(o => o.LastError).HasMaxLength(2000);
        builder.HasIndex(o => new { o.State, o.NextAttemptAt });
        builder.HasIndex(o => o.MessageId).IsUnique();
    }
}

public sealed record SkippedAttachmentDto(string FileName, string ContentType, long Size, string Reason);

/// <summary>
/// A message's e-mail details as the API and the inbox show them: who else was on it, what was not
/// kept, whether it was automatic or a bounce, and where the quoted part starts (to fold it).
/// </summary>
public sealed record MessageEmail(
    string? MessageId,
    string? From,
    string? To,
    string? Cc,
    string? Subject,
    bool Automated,
    bool Bounce,
    int? QuoteStart,
    IReadOnlyList<SkippedAttachmentDto> SkippedAttachments)
{
    private static readonly System.Text.Json.JsonSerializerOptions Json = new(System.Text.Json.JsonSerializerDefaults.Web);

    internal static async Task<List<Conversations.MessageDto>> AddToAsync(Infrastructure.Data.HamdelDbContext db, List<Conversations.MessageDto> messages, CancellationToken cancellationToken)
    {
        var ids = messages.Select(m => m.Id).ToList();
        var emails = await db.EmailMessages.AsNoTracking().Where(e => ids.Contains(e.MessageId)).ToDictionaryAsync(e => e.MessageId, cancellationToken);
        if (emails.Count == 0)
        {
            return messages;
        }
        return [.. messages.Select(m => emails.TryGetValue(m.Id, out var e)
            ? m with
            {
                Email = new MessageEmail(e.InternetMessageId, e.From, e.To, e.Cc, e.Subject, e.Automated, e.Bounce, e.QuoteStart,
                    e.SkippedAttachments is null ? [] : System.Text.Json.JsonSerializer.Deserialize<List<SkippedAttachmentDto>>(e.SkippedAttachments, Json) ?? []),
            }
            : m)];
    }
}
