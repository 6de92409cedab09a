using System.ComponentModel.DataAnnotations;
using System.Security.Cryptography;
using Hamdel.Server.Infrastructure.Data;
using Hamdel.Server.Infrastructure.Errors;
using Microsoft.Extensions.Options;

namespace Hamdel.Server.Features.Conversations;

/// <summary>Settings under <c>Hamdel:Attachments</c>.</summary>
internal sealed class AttachmentOptions
{
    public const string Section = "Hamdel:Attachments";

    [Range(1, 1024L * 1024 * 1024)]
    public long MaxBytes { get; set; } = 10 * 1024 * 1024;

    [Range(1, 100)]
    public int MaxPerMessage { get; set; } = 10;

    /// <summary>Content types accepted; <c>image/*</c> style wildcards allowed.</summary>
    public string[] AllowedContentTypes { get; set; } =
    [
        "image/png", "image/jpeg", "image/gif", "image/webp", "application/pdf", "text/plain", "text/csv",
        "application/msword", "application/vnd.openxmlformats-officedocument.wordprocessingml.document",
        "application/vnd.ms-excel", "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
        "audio/mpeg", "audio/ogg", "audio/mp4", "video/mp4",
    ];
}

/// <summary>A file checked and ready to store.</summary>
internal sealed record IncomingFile(string FileName, string ContentType, byte[] Content);

/// <summary>
/// Keeps attachment bytes on disk under the data directory, outside the database rows. A file is
/// written and flushed to disk before the row that refers to it is committed, so a committed
/// attachment always has its bytes.
/// </summary>
internal sealed class AttachmentStore(IOptions<AttachmentOptions> options, IConfiguration configuration, IHostEnvironment environment)
{
    private readonly string _root = Path.Combine(DataServiceCollectionExtensions.ResolveDataDirectory(configuration, environment), "attachments");

    public AttachmentOptions Options => options.Value;

    /// <summary>Checks size, declared type against the allowed list, and that the bytes look like that type.</summary>
    public Failure? Check(IncomingFile file, string field)
    {
        if (string.IsNullOrWhiteSpace(file.FileName) || file.FileName.Length > 255)
        {
            return Failure.Invalid(field + ".fileName", Strings.Get("Attachment.FileName"));
        }
        if (file.Content.Length == 0)
        {
            return Failure.Invalid(field + ".content", Strings.Get("Attachment.Empty"));
        }
        if (file.Content.Length > options.Value.MaxBytes)
        {
            return Failure.Invalid(field + ".content", Strings.Format("Attachment.TooLarge", file.FileName, options.Value.MaxBytes / (1024 * 1024)));
        }
        var type = file.ContentType.Split(';')[0].Trim().ToLowerInvariant();
        if (!options.Value.AllowedContentTypes.Any(allowed => allowed == type || (allowed.EndsWith("/*", StringComparison.Ordinal) && type.StartsWith(allowed[..^1], StringComparison.Ordinal))))
        {
            return Failure.Invalid(field + ".contentType", Strings.Format("Attachment.Type", file.ContentType));
        }
        if (!LooksLike(type, file.Content))
        {
            return Failure.Invalid(field + ".content", Strings.Format("Attachment.Mismatch", file.FileName, file.ContentType));
        }
        return null;
    }

    public async Task<Attachment> SaveAsync(Guid workspaceId, Guid messageId, IncomingFile file, DateTimeOffset now, CancellationToken cancellationToken)
    {
        var attachment = new Attachment
        {
            WorkspaceId = workspaceId,
            MessageId = messageId,
            FileName = Path.GetFileName(file.FileName),
            ContentType = file.ContentType.Split(';')[0].Trim().ToLowerInvariant(),
            Size = file.Content.Length,
            Sha256 = Convert.ToHexStringLower(SHA256.HashData(file.Content)),
            StorageKey = "",
            CreatedAt = now,
        };
        var key = await WriteAsync(workspaceId, attachment.Id, file.Content, now, cancellationToken);
        return new Attachment
        {
            Id = attachment.Id,
            WorkspaceId = attachment.WorkspaceId,
            MessageId = attachment.MessageId,
            FileName = attachment.FileName,
            ContentType = attachment.ContentType,
            Size = attachment.Size,
            Sha256 = attachment.Sha256,
            StorageKey = key,
            CreatedAt = now,
        };
    }

    public Stream? Open(Attachment attachment) => Open(attachment.StorageKey);

    /// <summary>Writes bytes under a new key and flushes them to disk (before the row that names the key is committed).</summary>
    public async Task<string> WriteAsync(Guid workspaceId, Guid id, byte[] content, DateTimeOffset now, CancellationToken cancellationToken)
    {
        var key = Path.Combine(workspaceId.ToString("N"), now.ToString("yyyy-MM", System.Globalization.CultureInfo.InvariantCulture), id.ToString("N"));
        var path = Path.Combine(_root, key);
        Directory.CreateDirectory(Path.GetDirectoryName(path)!);
        await using (var stream = new FileStream(path, FileMode.Create, FileAccess.Write, FileShare.None, 81920, FileOptions.Asynchronous))
        {
            await stream.WriteAsync(content, cancellationToken);
            await stream.FlushAsync(cancellationToken);
            stream.Flush(flushToDisk: true);
        }
        return key;
    }

    public Stream? Open(string storageKey)
    {
        var path = Path.Combine(_root, storageKey);
        return File.Exists(path) ? new FileStream(path, FileMode.Open, FileAccess.Read, FileShare.Read, 81920, FileOptions.Asynchronous) : null;
    }

    /// <summary>Magic numbers of the binary types that are easy to disguise; text and office types are taken as declared.</summary>
    private static bool LooksLike(string type, byte[] content) => type switch
    {
        "image/png" => content.AsSpan().StartsWith(new byte[] { 0x89, 0x50, 0x4E, 0x47 }),
        "image/jpeg" => content.AsSpan().StartsWith(new byte[] { 0xFF, 0xD8, 0xFF }),
        "image/gif" => content.AsSpan().StartsWith("GIF8"u8),
        "image/webp" => content.Length > 12 && content.AsSpan(8, 4).SequenceEqual("WEBP"u8),
        "application/pdf" => content.AsSpan().StartsWith("%PDF"u8),
        _ => true,
    };
}
