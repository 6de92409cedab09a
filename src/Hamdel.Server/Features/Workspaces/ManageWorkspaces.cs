using FluentValidation;
using Hamdel.Server.Features.Audit;
using Hamdel.Server.Infrastructure.Data;
using Hamdel.Server.Infrastructure.Errors;
using Hamdel.Server.Infrastructure.Localization;
using Microsoft.EntityFrameworkCore;

namespace Hamdel.Server.Features.Workspaces;

/// <summary>A workspace as its member sees it, with the member's own role.</summary>
public sealed record WorkspaceDto(Guid Id, string Name, string TimeZone, string DefaultLanguage, bool IsDemo, WorkspaceRole Role, string? DefaultPhoneRegion = null, int ReopenWindowHours = 168);

/// <summary>Listing, creating and changing workspaces.</summary>
internal static class ManageWorkspaces
{
    internal sealed record Request(string? Name, string? TimeZone, string? DefaultLanguage, string? DefaultPhoneRegion = null, int? ReopenWindowHours = null);

    internal sealed class Validator : AbstractValidator<Request>
    {
        public Validator()
        {
            RuleFor(r => r.Name).NotEmpty().MaximumLength(Limits.NameLength);
            RuleFor(r => r.TimeZone).Must(tz => tz is null || Intl.FindTimeZone(tz) is not null)
                .WithMessage(r => Strings.Format("Error.TimeZone", r.TimeZone));
            RuleFor(r => r.DefaultLanguage).Must(l => l is null || Intl.IsSupportedLanguage(l))
                .WithMessage(_ => Strings.Format("Error.Language", string.Join(", ", Intl.Languages)));
            RuleFor(r => r.DefaultPhoneRegion).Must(r => r is null || r.Length == 0 || PhoneNumbers.PhoneNumberUtil.GetInstance().GetSupportedRegions().Contains(r.ToUpperInvariant()))
                .WithMessage(r => Strings.Format("Workspace.PhoneRegion", r.DefaultPhoneRegion));
            RuleFor(r => r.ReopenWindowHours).InclusiveBetween(0, 24 * 90);
        }
    }

    internal sealed class Handler(HamdelDbContext db, TimeProvider time, AuditLog audit)
    {
        private static readonly Validator Validation = new();

        /// <summary>The workspaces the person is an active member of.</summary>
        public Task<List<WorkspaceDto>> ListMineAsync(Guid userId, CancellationToken cancellationToken) =>
            db.WorkspaceMembers.AsNoTracking()
                .Where(m => m.UserId == userId && m.DeactivatedAt == null)
                .OrderBy(m => m.Workspace!.Name)
                .Select(m => new WorkspaceDto(m.WorkspaceId, m.Workspace!.Name, m.Workspace.TimeZone, m.Workspace.DefaultLanguage, m.Workspace.IsDemo, m.Role))
                .ToListAsync(cancellationToken);

        public Task<WorkspaceDto?> GetAsync(CurrentMember member, CancellationToken cancellationToken) =>
            db.Workspaces.AsNoTracking()
                .Where(w => w.Id == member.WorkspaceId)
                .Select(w => new WorkspaceDto(w.Id, w.Name, w.TimeZone, w.DefaultLanguage, w.IsDemo, member.Role, w.DefaultPhoneRegion, w.ReopenWindowHours))
                .SingleOrDefaultAsync(cancellationToken);

        /// <summary>Creates a workspace with its creator as the first admin.</summary>
        public async Task<Outcome<WorkspaceDto>> CreateAsync(Guid userId, bool isInstanceAdmin, Request request, CancellationToken cancellationToken)
        {
            if (!isInstanceAdmin)
            {
                return Failure.Forbidden(Strings.Get("Workspace.CreateForbidden"));
            }
            var validation = await Validation.ValidateAsync(request, cancellationToken);
            if (!validation.IsValid)
            {
                return Failure.Invalid(validation);
            }
            var now = time.GetUtcNow();
            var workspace = new Workspace
            {
                Name = request.Name!.Trim(),
                TimeZone = Intl.FindTimeZone(request.TimeZone)?.Id ?? "UTC",
                DefaultLanguage = request.DefaultLanguage ?? "en",
                DefaultPhoneRegion = string.IsNullOrEmpty(request.DefaultPhoneRegion) ? null : request.DefaultPhoneRegion.ToUpperInvariant(),
                ReopenWindowHours = request.ReopenWindowHours ?? 168,
                CreatedAt = now,
            };
            db.Workspaces.Add(workspace);
            db.WorkspaceMembers.Add(new WorkspaceMember { WorkspaceId = workspace.Id, UserId = userId, Role = WorkspaceRole.Admin, CreatedAt = now });
            audit.Record(AuditActions.WorkspaceCreated, userId, workspace.Id, "workspace", workspace.Id.ToString(), workspace.Name);
            await db.SaveChangesAsync(cancellationToken);
            return new WorkspaceDto(workspace.Id, workspace.Name, workspace.TimeZone, workspace.DefaultLanguage, false, WorkspaceRole.Admin, workspace.DefaultPhoneRegion, workspace.ReopenWindowHours);
        }

        public async Task<Outcome<WorkspaceDto>> UpdateAsync(CurrentMember actor, Request request, CancellationToken cancellationToken)
        {
            var validation = await Validation.ValidateAsync(request, cancellationToken);
            if (!validation.IsValid)
            {
                return Failure.Invalid(validation);
            }
            var workspace = await db.Workspaces.SingleAsync(w => w.Id == actor.WorkspaceId, cancellationToken);
            workspace.Name = request.Name!.Trim();
            if (request.TimeZone is not null)
            {
                workspace.TimeZone = Intl.FindTimeZone(request.TimeZone)!.Id;
            }
            if (request.DefaultLanguage is not null)
            {
                workspace.DefaultLanguage = request.DefaultLanguage;
            }
            if (request.DefaultPhoneRegion is not null)
            {
                workspace.DefaultPhoneRegion = request.DefaultPhoneRegion.Length == 0 ? null : request.DefaultPhoneRegion.ToUpperInvariant();
            }
            if (request.ReopenWindowHours is { } hours)
            {
                workspace.ReopenWindowHours = hours;
            }
            await db.SaveChangesAsync(cancellationToken);
            return new WorkspaceDto(workspace.Id, workspace.Name, workspace.TimeZone, workspace.DefaultLanguage, workspace.IsDemo, actor.Role, workspace.DefaultPhoneRegion, workspace.ReopenWindowHours);
        }
    }
}
