using System.Globalization;
using System.Text.RegularExpressions;
using FluentValidation;
using Hamdel.Server.Features.Workspaces;
using Hamdel.Server.Infrastructure.Data;
using Hamdel.Server.Infrastructure.Errors;
using Hamdel.Server.Infrastructure.Events;
using Hamdel.Server.Infrastructure.Localization;
using Microsoft.EntityFrameworkCore;

namespace Hamdel.Server.Features.Customers;

/// <summary>Creating customers and editing their profile, identities, attributes and tags.</summary>
internal static partial class ManageCustomers
{
    internal sealed record IdentityRequest(IdentityKind? Kind, string? Value, bool? Verified);

    internal sealed record AttributeRequest(string? Key, AttributeType? Type, string? Value);

    internal sealed record CreateRequest(string? DisplayName, string? Language, string? TimeZone, List<IdentityRequest>? Identities, List<AttributeRequest>? Attributes, List<string>? Tags);

    internal sealed record UpdateRequest(string? DisplayName, string? Language, string? TimeZone);

    internal sealed record TagsRequest(List<string>? Tags);

    internal sealed class ProfileValidator : AbstractValidator<UpdateRequest>
    {
        public ProfileValidator()
        {
            RuleFor(r => r.DisplayName).NotEmpty().MaximumLength(Limits.NameLength);
            RuleFor(r => r.Language).Must(l => l is null || Intl.IsSupportedLanguage(l))
                .WithMessage(_ => Strings.Format("Error.Language", string.Join(", ", Intl.Languages)));
            RuleFor(r => r.TimeZone).Must(tz => tz is null || Intl.FindTimeZone(tz) is not null)
                .WithMessage(r => Strings.Format("Error.TimeZone", r.TimeZone));
        }
    }

    internal sealed class Handler(HamdelDbContext db, EventOutbox events, MergeCustomers.Handler merges, TimeProvider time)
    {
        private static readonly ProfileValidator Validation = new();

        public async Task<Outcome<Guid>> CreateAsync(CurrentMember actor, CreateRequest request, CancellationToken cancellationToken)
        {
            var profile = await Validation.ValidateAsync(new UpdateRequest(request.DisplayName, request.Language, request.TimeZone), cancellationToken);
            var errors = profile.Errors.GroupBy(e => e.PropertyName).ToDictionary(g => g.Key, g => g.Select(e => e.ErrorMessage).ToArray());
            var region = await PhoneRegionAsync(actor.WorkspaceId, cancellationToken);
            var identities = new List<(IdentityKind Kind, string Value, bool Verified)>();
            foreach (var (identity, i) in (request.Identities ?? []).Select((x, i) => (x, i)))
            {
                if (identity?.Kind is not { } kind)
                {
                    errors[$"identities[{i}].kind"] = [Strings.Format("Error.EnumValue", "kind", string.Join(", ", Enum.GetNames<IdentityKind>()))];
                    continue;
                }
                var value = Identities.Normalize(kind, identity.Value, region, $"identities[{i}].value");
                if (value.Failure is { Errors: { } e })
                {
                    foreach (var (field, messages) in e)
                    {
                        errors[field] = messages;
                    }
                    continue;
                }
                identities.Add((kind, value.Value!, identity.Verified == true));
            }
            var attributes = new List<CustomerAttribute>();
            foreach (var (attribute, i) in (request.Attributes ?? []).Select((x, i) => (x, i)))
            {
                var checkedAttribute = CheckAttribute(actor.WorkspaceId, attribute?.Key, attribute?.Type, attribute?.Value, $"attributes[{i}]");
                if (checkedAttribute.Failure is { Errors: { } e })
                {
                    foreach (var (field, messages) in e)
                    {
                        errors[field] = messages;
                    }
                    continue;
                }
                attributes.Add(checkedAttribute.Value!);
            }
            if (request.Tags is { Count: > 50 })
            {
                errors["tags"] = [Strings.Format("Tags.TooMany", 50)];
            }
            if (request.Tags?.Any(t => string.IsNullOrWhiteSpace(t) || t.Length > Limits.TagLength) == true)
            {
                errors["tags"] = [Strings.Format("Error.TooLong", "tags", Limits.TagLength)];
            }
            if (errors.Count > 0)
            {
                return new Failure(FailureKind.Validation, string.Join(" ", errors.Values.SelectMany(v => v)), errors);
            }

            var values = identities.Select(i => i.Value).ToList();
            var taken = await db.CustomerIdentities.AsNoTracking()
                .Where(i => i.WorkspaceId == actor.WorkspaceId && values.Contains(i.Value))
                .Select(i => new { i.Kind, i.Value, i.CustomerId })
                .ToListAsync(cancellationToken);
            if (taken.FirstOrDefault(t => identities.Any(i => i.Kind == t.Kind && i.Value == t.Value)) is { } clash)
            {
                return IdentityTaken(actor.WorkspaceId, clash.Value, clash.CustomerId);
            }

            var now = time.GetUtcNow();
            var customer = new Customer
            {
                WorkspaceId = actor.WorkspaceId,
                DisplayName = request.DisplayName!.Trim(),
                Language = request.Language,
                TimeZone = Intl.FindTimeZone(request.TimeZone)?.Id,
                CreatedAt = now,
                UpdatedAt = now,
            };
            db.Customers.Add(customer);
            foreach (var (kind, value, verified) in identities.DistinctBy(i => (i.Kind, i.Value)))
            {
                db.CustomerIdentities.Add(new CustomerIdentity { WorkspaceId = actor.WorkspaceId, CustomerId = customer.Id, Kind = kind, Value = value, Verified = verified, CreatedAt = now });
            }
            foreach (var attribute in attributes.DistinctBy(a => a.Key))
            {
                attribute.CustomerId = customer.Id;
                db.CustomerAttributes.Add(attribute);
            }
            foreach (var tag in Conversations.Tags.Normalize(request.Tags ?? []))
            {
                db.CustomerTags.Add(new CustomerTag { CustomerId = customer.Id, WorkspaceId = actor.WorkspaceId, Tag = tag });
            }
            await CustomerSearch.RefreshAsync(db, customer, identities.Select(i => i.Value), cancellationToken);
            events.Publish(new CustomerCreated(actor.WorkspaceId, customer.Id, customer.DisplayName));
            try
            {
                await db.SaveChangesAsync(cancellationToken);
            }
            catch (DbUpdateException e) when (UniqueViolation.Is(e))
            {
                return Failure.Conflict(Strings.Get("Identity.TakenNow"));
            }
            return customer.Id;
        }

        public async Task<Outcome<Done>> UpdateAsync(CurrentMember actor, Guid customerId, UpdateRequest request, CancellationToken cancellationToken)
        {
            var validation = await Validation.ValidateAsync(request, cancellationToken);
            if (!validation.IsValid)
            {
                return Failure.Invalid(validation);
            }
            var found = await FindAsync(actor, customerId, cancellationToken);
            if (found.Failure is { } failure)
            {
                return failure;
            }
            var customer = found.Value!;
            customer.DisplayName = request.DisplayName!.Trim();
            customer.Language = request.Language;
            customer.TimeZone = Intl.FindTimeZone(request.TimeZone)?.Id;
            customer.UpdatedAt = time.GetUtcNow();
            await CustomerSearch.RefreshFromStoreAsync(db, customer, cancellationToken);
            events.Publish(new CustomerUpdated(actor.WorkspaceId, customer.Id));
            await db.SaveChangesAsync(cancellationToken);
            return Done.Value;
        }

        /// <summary>
        /// Adds an identity. If another customer has it: a verified identity means they are the same
        /// person, so the other customer is merged into this one; an unverified one is refused with
        /// a pointer to the other customer.
        /// </summary>
        public async Task<Outcome<Done>> AddIdentityAsync(CurrentMember actor, Guid customerId, IdentityRequest request, CancellationToken cancellationToken)
        {
            if (request.Kind is not { } kind)
            {
                return Failure.Invalid("kind", Strings.Format("Error.EnumValue", "kind", string.Join(", ", Enum.GetNames<IdentityKind>())));
            }
            var value = Identities.Normalize(kind, request.Value, await PhoneRegionAsync(actor.WorkspaceId, cancellationToken), "value");
            if (value.Failure is { } invalid)
            {
                return invalid;
            }
            await using var transaction = await db.Database.BeginTransactionAsync(cancellationToken);
            var found = await FindAsync(actor, customerId, cancellationToken);
            if (found.Failure is { } failure)
            {
                return failure;
            }
            var customer = found.Value!;
            var existing = await db.CustomerIdentities.SingleOrDefaultAsync(i => i.WorkspaceId == actor.WorkspaceId && i.Kind == kind && i.Value == value.Value, cancellationToken);
            var verified = request.Verified == true;
            if (existing is null)
            {
                db.CustomerIdentities.Add(new CustomerIdentity { WorkspaceId = actor.WorkspaceId, CustomerId = customer.Id, Kind = kind, Value = value.Value!, Verified = verified, CreatedAt = time.GetUtcNow() });
            }
            else if (existing.CustomerId == customer.Id)
            {
                existing.Verified |= verified;
            }
            else if (verified)
            {
                existing.Verified = true;
                await db.SaveChangesAsync(cancellationToken);
                await merges.MergeAsync(actor.WorkspaceId, customer.Id, existing.CustomerId, actor.UserId, MergeCustomers.VerifiedIdentity, cancellationToken);
            }
            else
            {
                return IdentityTaken(actor.WorkspaceId, value.Value!, existing.CustomerId);
            }
            customer.UpdatedAt = time.GetUtcNow();
            await db.SaveChangesAsync(cancellationToken);
            await CustomerSearch.RefreshFromStoreAsync(db, customer, cancellationToken);
            events.Publish(new CustomerUpdated(actor.WorkspaceId, customer.Id));
            await db.SaveChangesAsync(cancellationToken);
            await transaction.CommitAsync(cancellationToken);
            return Done.Value;
        }

        public async Task<Outcome<Done>> RemoveIdentityAsync(CurrentMember actor, Guid customerId, Guid identityId, CancellationToken cancellationToken)
        {
            var found = await FindAsync(actor, customerId, cancellationToken);
            if (found.Failure is { } failure)
            {
                return failure;
            }
            var identity = await db.CustomerIdentities.SingleOrDefaultAsync(i => i.Id == identityId && i.CustomerId == customerId, cancellationToken);
            if (identity is null)
            {
                return Failure.NotFound(Strings.Get("Identity.NotFound"));
            }
            db.CustomerIdentities.Remove(identity);
            await db.SaveChangesAsync(cancellationToken);
            await CustomerSearch.RefreshFromStoreAsync(db, found.Value!, cancellationToken);
            events.Publish(new CustomerUpdated(actor.WorkspaceId, customerId));
            await db.SaveChangesAsync(cancellationToken);
            return Done.Value;
        }

        public async Task<Outcome<AttributeDto>> SetAttributeAsync(CurrentMember actor, Guid customerId, string key, AttributeRequest request, CancellationToken cancellationToken)
        {
            var checkedAttribute = CheckAttribute(actor.WorkspaceId, key, request.Type, request.Value, "");
            if (checkedAttribute.Failure is { } invalid)
            {
                return invalid;
            }
            var found = await FindAsync(actor, customerId, cancellationToken);
            if (found.Failure is { } failure)
            {
                return failure;
            }
            var value = checkedAttribute.Value!;
            var attribute = await db.CustomerAttributes.SingleOrDefaultAsync(a => a.CustomerId == customerId && a.Key == value.Key, cancellationToken);
            if (attribute is null)
            {
                value.CustomerId = customerId;
                db.CustomerAttributes.Add(value);
            }
            else
            {
                attribute.Type = value.Type;
                attribute.Value = value.Value;
            }
            found.Value!.UpdatedAt = time.GetUtcNow();
            events.Publish(new CustomerUpdated(actor.WorkspaceId, customerId));
            await db.SaveChangesAsync(cancellationToken);
            return new AttributeDto(value.Key, value.Type, value.Value);
        }

        public async Task<Outcome<Done>> RemoveAttributeAsync(CurrentMember actor, Guid customerId, string key, CancellationToken cancellationToken)
        {
            var found = await FindAsync(actor, customerId, cancellationToken);
            if (found.Failure is { } failure)
            {
                return failure;
            }
            await db.CustomerAttributes.Where(a => a.CustomerId == customerId && a.Key == key).ExecuteDeleteAsync(cancellationToken);
            return Done.Value;
        }

        public async Task<Outcome<IReadOnlyList<string>>> SetTagsAsync(CurrentMember actor, Guid customerId, TagsRequest request, CancellationToken cancellationToken)
        {
            if (request.Tags is null)
            {
                return Failure.Invalid("tags", Strings.Get("Tags.Required"));
            }
            if (request.Tags.Count > 50 || request.Tags.Any(t => t is null || t.Trim().Length is 0 or > Limits.TagLength))
            {
                return Failure.Invalid("tags", Strings.Format("Tags.TooMany", 50) + " " + Strings.Format("Error.TooLong", "tags", Limits.TagLength));
            }
            var found = await FindAsync(actor, customerId, cancellationToken);
            if (found.Failure is { } failure)
            {
                return failure;
            }
            var wanted = Conversations.Tags.Normalize(request.Tags);
            var current = await db.CustomerTags.Where(t => t.CustomerId == customerId).ToListAsync(cancellationToken);
            db.CustomerTags.RemoveRange(current.Where(t => !wanted.Contains(t.Tag)));
            db.CustomerTags.AddRange(wanted.Where(t => current.All(c => c.Tag != t)).Select(t => new CustomerTag { CustomerId = customerId, WorkspaceId = actor.WorkspaceId, Tag = t }));
            events.Publish(new CustomerUpdated(actor.WorkspaceId, customerId));
            await db.SaveChangesAsync(cancellationToken);
            return wanted.Order(StringComparer.Ordinal).ToList();
        }

        private async Task<Outcome<Customer>> FindAsync(CurrentMember actor, Guid customerId, CancellationToken cancellationToken)
        {
            var customer = await db.Customers.SingleOrDefaultAsync(c => c.Id == customerId && c.WorkspaceId == actor.WorkspaceId, cancellationToken);
            if (customer is null)
            {
                return Failure.NotFound(Strings.Get("Customer.NotFound"));
            }
            return customer.MergedIntoId is { } survivor ? CustomerDetail.Handler.MergedInto(actor.WorkspaceId, survivor) : customer;
        }

        private Task<string?> PhoneRegionAsync(Guid workspaceId, CancellationToken cancellationToken) =>
            db.Workspaces.Where(w => w.Id == workspaceId).Select(w => w.DefaultPhoneRegion).SingleAsync(cancellationToken);

        private static Failure IdentityTaken(Guid workspaceId, string value, Guid ownerId) =>
            Failure.Conflict(Strings.Format("Identity.Taken", value)) with
            {
                Extensions = new Dictionary<string, object?>
                {
                    ["customerId"] = ownerId,
                    ["location"] = $"/api/v1/workspaces/{workspaceId}/customers/{ownerId}",
                },
            };
    }

    /// <summary>Checks an attribute and turns its value into the stored invariant form.</summary>
    internal static Outcome<CustomerAttribute> CheckAttribute(Guid workspaceId, string? key, AttributeType? type, string? value, string prefix)
    {
        var field = prefix.Length == 0 ? "" : prefix + ".";
        if (key is null || !AttributeKey().IsMatch(key))
        {
            return Failure.Invalid(field + "key", Strings.Get("Attribute.Key"));
        }
        if (type is not { } t)
        {
            return Failure.Invalid(field + "type", Strings.Format("Error.EnumValue", "type", string.Join(", ", Enum.GetNames<AttributeType>())));
        }
        var raw = Identities.FoldDigitsOnly(value?.Trim() ?? "");
        string? canonical = t switch
        {
            AttributeType.Text => raw.Length is > 0 and <= Limits.AttributeValueLength ? value!.Trim() : null,
            AttributeType.Number => double.TryParse(raw.Replace('٫', '.').Replace('٬', ','), NumberStyles.Float | NumberStyles.AllowThousands, CultureInfo.InvariantCulture, out var number) && double.IsFinite(number)
                ? number.ToString("R", CultureInfo.InvariantCulture) : null,
            AttributeType.Date => DateOnly.TryParseExact(raw, "yyyy-MM-dd", CultureInfo.InvariantCulture, DateTimeStyles.None, out var date) ? date.ToString("yyyy-MM-dd", CultureInfo.InvariantCulture) : null,
            AttributeType.Boolean => raw.ToLowerInvariant() is "true" or "false" ? raw.ToLowerInvariant() : null,
            _ => null,
        };
        if (canonical is null)
        {
            return Failure.Invalid(field + "value", Strings.Format($"Attribute.{t}", value ?? ""));
        }
        return new CustomerAttribute { Key = key, WorkspaceId = workspaceId, Type = t, Value = canonical };
    }

    [GeneratedRegex("^[a-z][a-z0-9_]{0,63}$")]
    private static partial Regex AttributeKey();
}
