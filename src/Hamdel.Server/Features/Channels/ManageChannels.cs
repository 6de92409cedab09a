using System.Text.Json;
using FluentValidation;
using Hamdel.Server.Features.Audit;
using Hamdel.Server.Features.Workspaces;
using Hamdel.Server.Infrastructure.Auth;
using Hamdel.Server.Infrastructure.Data;
using Hamdel.Server.Infrastructure.Errors;
using Microsoft.EntityFrameworkCore;

namespace Hamdel.Server.Features.Channels;

public sealed record ChannelDto(Guid Id, string Kind, string Name, string PublicKey, Guid? TeamId, bool IsActive, DateTimeOffset CreatedAt, JsonElement Settings);

/// <summary>Creating and configuring channels. The kind checks its own settings.</summary>
internal static class ManageChannels
{
    internal sealed record Request(string? Kind, string? Name, Guid? TeamId, bool? IsActive, JsonElement? Settings);

    /// <summary>The channel, and a secret the kind generated (shown this once).</summary>
    internal sealed record Created(ChannelDto Channel, string? Secret);

    internal sealed class Validator : AbstractValidator<Request>
    {
        public Validator() => RuleFor(r => r.Name).NotEmpty().MaximumLength(Limits.NameLength);
    }

    internal sealed class Handler(HamdelDbContext db, ChannelKinds kinds, AuditLog audit, TimeProvider time)
    {
        private static readonly Validator Validation = new();

        public async Task<List<ChannelDto>> ListAsync(CurrentMember actor, CancellationToken cancellationToken)
        {
            var channels = await db.Channels.AsNoTracking().Where(c => c.WorkspaceId == actor.WorkspaceId).OrderBy(c => c.Name).ToListAsync(cancellationToken);
            return [.. channels.Select(ToDto)];
        }

        public async Task<ChannelDto?> GetAsync(CurrentMember actor, Guid channelId, CancellationToken cancellationToken) =>
            await db.Channels.AsNoTracking().SingleOrDefaultAsync(c => c.Id == channelId && c.WorkspaceId == actor.WorkspaceId, cancellationToken) is { } channel
                ? ToDto(channel)
                : null;

        public async Task<Outcome<Created>> CreateAsync(CurrentMember actor, Request request, CancellationToken cancellationToken)
        {
            var kind = kinds.Find(request.Kind);
            if (kind is null)
            {
                return Failure.Invalid("kind", Strings.Format("Error.EnumValue", "kind", string.Join(", ", kinds.Names.Order(StringComparer.Ordinal))));
            }
            var validation = await Validation.ValidateAsync(request, cancellationToken);
            if (!validation.IsValid)
            {
                return Failure.Invalid(validation);
            }
            if (await TeamFailureAsync(actor, request.TeamId, cancellationToken) is { } teamFailure)
            {
                return teamFailure;
            }
            var settings = kind.ValidateSettings(request.Settings, null);
            if (settings.Failure is { } invalid)
            {
                return invalid;
            }
            var channel = new Channel
            {
                WorkspaceId = actor.WorkspaceId,
                Kind = kind.Kind,
                Name = request.Name!.Trim(),
                PublicKey = Secrets.Base64Url(System.Security.Cryptography.RandomNumberGenerator.GetBytes(12)),
                Settings = settings.Value!.Stored,
                TeamId = request.TeamId,
                IsActive = request.IsActive ?? true,
                CreatedAt = time.GetUtcNow(),
            };
            db.Channels.Add(channel);
            audit.Record("channel.created", actor.UserId, actor.WorkspaceId, "channel", channel.Id.ToString(), $"{channel.Kind}: {channel.Name}");
            await db.SaveChangesAsync(cancellationToken);
            return new Created(ToDto(channel), settings.Value.NewSecret);
        }

        public async Task<Outcome<ChannelDto>> UpdateAsync(CurrentMember actor, Guid channelId, Request request, CancellationToken cancellationToken)
        {
            var validation = await Validation.ValidateAsync(request, cancellationToken);
            if (!validation.IsValid)
            {
                return Failure.Invalid(validation);
            }
            var channel = await db.Channels.SingleOrDefaultAsync(c => c.Id == channelId && c.WorkspaceId == actor.WorkspaceId, cancellationToken);
            if (channel is null)
            {
                return Failure.NotFound(Strings.Format("Channel.NotFound", channelId));
            }
            if (request.Kind is not null && request.Kind != channel.Kind)
            {
                return Failure.Invalid("kind", Strings.Get("Channel.KindFixed"));
            }
            if (await TeamFailureAsync(actor, request.TeamId, cancellationToken) is { } teamFailure)
            {
                return teamFailure;
            }
            var settings = kinds.Get(channel.Kind).ValidateSettings(request.Settings, channel.Settings);
            if (settings.Failure is { } invalid)
            {
                return invalid;
            }
            channel.Name = request.Name!.Trim();
            channel.TeamId = request.TeamId;
            channel.IsActive = request.IsActive ?? channel.IsActive;
            channel.Settings = settings.Value!.Stored;
            await db.SaveChangesAsync(cancellationToken);
            return ToDto(channel);
        }

        private async Task<Failure?> TeamFailureAsync(CurrentMember actor, Guid? teamId, CancellationToken cancellationToken) =>
            teamId is { } id && !await db.Teams.AnyAsync(t => t.Id == id && t.WorkspaceId == actor.WorkspaceId, cancellationToken)
                ? Failure.Invalid("teamId", Strings.Get("Team.NotFound"))
                : null;

        private ChannelDto ToDto(Channel c) => new(c.Id, c.Kind, c.Name, c.PublicKey, c.TeamId, c.IsActive, c.CreatedAt, kinds.Get(c.Kind).PublicSettings(c.Settings));
    }
}
