package com.agentbounty.gateway.bounty;

import com.agentbounty.events.bounty.BountyId;
import com.agentbounty.events.bounty.BountyStatus;
import com.agentbounty.events.bounty.CancelBounty;
import com.agentbounty.events.bounty.ClaimBounty;
import com.agentbounty.events.bounty.FundBounty;
import com.agentbounty.events.bounty.WithdrawClaim;
import com.agentbounty.events.escrow.EscrowId;
import com.agentbounty.events.escrow.EscrowView;
import com.agentbounty.events.identity.UserId;
import com.agentbounty.gateway.flow.MoneyFlowProperties;
import com.agentbounty.gateway.flow.ReadYourWrites;
import com.agentbounty.events.bounty.BountyQueries.BountyDetailQuery;
import com.agentbounty.events.bounty.BountyQueries.BountyListingFilter;
import com.agentbounty.events.bounty.BountyQueries.BountyListingPage;
import com.agentbounty.events.bounty.BountyQueries.BountyListingQuery;
import com.agentbounty.events.bounty.BountyQueries.BountyListingSort;
import com.agentbounty.events.bounty.BountyTerms;
import com.agentbounty.events.bounty.BountyView;
import com.agentbounty.events.bounty.DraftBounty;
import com.agentbounty.events.bounty.ReviseBountyDraft;
import com.agentbounty.gateway.error.ApiException;
import com.agentbounty.gateway.security.Caller;
import com.agentbounty.gateway.security.Permission;
import com.agentbounty.query.bounty.BountyListingProjection;
import com.agentbounty.query.cache.ReadCache;
import com.fasterxml.jackson.databind.ObjectMapper;
import jakarta.validation.Valid;
import jakarta.validation.constraints.Min;
import jakarta.validation.constraints.Pattern;
import jakarta.validation.constraints.PositiveOrZero;
import jakarta.validation.constraints.Size;
import org.axonframework.commandhandling.gateway.CommandGateway;
import org.axonframework.messaging.responsetypes.ResponseTypes;
import org.axonframework.queryhandling.QueryGateway;
import org.springframework.http.HttpStatus;
import org.springframework.http.MediaType;
import org.springframework.http.ResponseEntity;
import org.springframework.security.access.prepost.PreAuthorize;
import org.springframework.web.bind.annotation.DeleteMapping;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.PutMapping;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.bind.annotation.RestController;

import java.io.IOException;
import java.net.URI;
import java.time.Clock;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.function.Predicate;

/**
 * Bounties over HTTP. Writes go to the command side; reads come from the listing projection. A write answers
 * only once the projection shows it (bounded by {@code agentbounty.read-your-writes-timeout}), so a client's next
 * GET sees its own change.
 */
@RestController
@RequestMapping(path = "/api/bounties", produces = MediaType.APPLICATION_JSON_VALUE)
public class BountyController {

    private final CommandGateway commands;
    private final QueryGateway queries;
    private final Clock clock;
    private final ReadYourWrites readYourWrites;
    private final VisibleBounties visibleBounties;
    private final MoneyFlowProperties moneyFlow;
    private final ReadCache cache;
    private final ObjectMapper json;

    public BountyController(CommandGateway commands, QueryGateway queries, Clock clock, ReadYourWrites readYourWrites,
                            VisibleBounties visibleBounties, MoneyFlowProperties moneyFlow, ReadCache cache, ObjectMapper json) {
        this.cache = cache;
        this.json = json;
        this.visibleBounties = visibleBounties;
        this.commands = commands;
        this.queries = queries;
        this.clock = clock;
        this.readYourWrites = readYourWrites;
        this.moneyFlow = moneyFlow;
    }

    @PreAuthorize("hasAuthority('bounties:create')")
    @PostMapping(consumes = MediaType.APPLICATION_JSON_VALUE)
    public ResponseEntity<?> draft(Caller caller, @Valid @RequestBody BountyTermsRequest request) {
        BountyId id = BountyId.random();
        URI location = URI.create("/api/bounties/" + id);
        return sendAndAwaitView(new DraftBounty(id, caller.id(), request.toTerms(), request.acceptanceTests().toTests(), now()), id, any -> true)
                .<ResponseEntity<?>>map(view -> ResponseEntity.created(location).body(view))
                .orElseGet(() -> ResponseEntity.accepted().location(location).body(new Accepted(id)));
    }

    @PreAuthorize("hasAuthority('bounties:update')")
    @PutMapping(path = "/{id}", consumes = MediaType.APPLICATION_JSON_VALUE)
    public ResponseEntity<?> revise(Caller caller, @PathVariable String id, @Valid @RequestBody BountyTermsRequest request) {
        BountyId bountyId = visible(id, caller).id();
        Instant now = now();
        return sendAndAwaitView(new ReviseBountyDraft(bountyId, caller.id(), request.toTerms(), request.acceptanceTests().toTests(), now), bountyId, view -> !view.updatedAt().isBefore(now))
                .<ResponseEntity<?>>map(ResponseEntity::ok)
                .orElseGet(() -> ResponseEntity.accepted().body(new Accepted(bountyId)));
    }

    /**
     * Starts funding: the escrow asks the payment provider to hold or charge the reward, and the bounty opens when
     * the provider confirms. Answers 202 with the bounty (status FUNDING); watch it move on with GET.
     */
    @PreAuthorize("hasAuthority('bounties:fund')")
    @PostMapping("/{id}/fund")
    public ResponseEntity<?> fund(Caller caller, @PathVariable String id) {
        BountyId bountyId = visible(id, caller).id();
        FundBounty fund = new FundBounty(bountyId, caller.id(), EscrowId.random(), moneyFlow.holdWindow(), moneyFlow.reviewWindow(), now());
        return ResponseEntity.accepted().body(sendAndAwaitView(fund, bountyId, view -> view.status() != BountyStatus.DRAFT)
                .<Object>map(view -> view).orElseGet(() -> new Accepted(bountyId)));
    }

    /** Withdraws a bounty before any submission; an open one's escrow is refunded in full. */
    @PreAuthorize("hasAuthority('bounties:delete')")
    @PostMapping("/{id}/cancel")
    public ResponseEntity<?> cancel(Caller caller, @PathVariable String id) {
        BountyId bountyId = visible(id, caller).id();
        return sendAndAwaitView(new CancelBounty(bountyId, caller.id(), now()), bountyId, view -> view.status() == BountyStatus.CANCELLED)
                .<ResponseEntity<?>>map(ResponseEntity::ok)
                .orElseGet(() -> ResponseEntity.accepted().body(new Accepted(bountyId)));
    }

    /** The bounty's money: status, strategy, and from capture on the fee and payout. Its business only. */
    @PreAuthorize("hasAuthority('bounties:read')")
    @GetMapping("/{id}/escrow")
    public EscrowView escrow(Caller caller, @PathVariable String id) {
        BountyView bounty = visible(id, caller);
        if (!bounty.businessId().equals(caller.id())) {
            throw ApiException.notFound("escrow of bounty", id);
        }
        return queries.query(new EscrowView.EscrowOfBountyQuery(bounty.id()), ResponseTypes.optionalInstanceOf(EscrowView.class)).join()
                .orElseThrow(() -> ApiException.notFound("escrow of bounty", id));
    }

    /** An agent joins the competition (idempotent: claiming twice keeps one claim). */
    @PreAuthorize("hasAuthority('agents:execute')")
    @PostMapping("/{id}/claims")
    public ResponseEntity<?> claim(Caller caller, @PathVariable String id) {
        BountyId bountyId = visible(id, caller).id();
        commands.sendAndWait(new ClaimBounty(bountyId, caller.id(), now()));
        return ResponseEntity.status(HttpStatus.CREATED).body(new Claim(bountyId, caller.id()));
    }

    @PreAuthorize("hasAuthority('agents:execute')")
    @DeleteMapping("/{id}/claims/me")
    public ResponseEntity<Void> withdrawClaim(Caller caller, @PathVariable String id) {
        BountyId bountyId = visible(id, caller).id();
        commands.sendAndWait(new WithdrawClaim(bountyId, caller.id()));
        return ResponseEntity.noContent().build();
    }

    record Claim(BountyId bountyId, UserId agentId) {
    }

    /** The answer to a write whose read model has not caught up within the timeout: stored, visible soon. */
    record Accepted(BountyId id) {
    }

    /**
     * One page of bounties (README: "Listing bounties"). Every filter is optional: {@code status} any of, rewards
     * inclusive in minor units of {@code currency} (required with either bound and with {@code sort=reward}),
     * {@code tags} all of, {@code q} full-text in web-search syntax. Callers who may draft bounties also see their own
     * drafts; everyone else shares the same public pages.
     * <p>
     * A cached page is sent as the JSON stored in the read cache, unparsed (ADR 0017): the query handler stores
     * exactly what this route would write, so only a miss pays the query bus and Jackson.
     */
    @PreAuthorize("hasAuthority('bounties:read')")
    @GetMapping
    public ResponseEntity<?> list(Caller caller,
                                  @RequestParam(defaultValue = "" + BountyListingQuery.DEFAULT_LIMIT) @Min(1) int limit,
                                  @RequestParam(required = false) String cursor,
                                  @RequestParam(required = false) Set<BountyStatus> status,
                                  @RequestParam(required = false) @IsoCurrency String currency,
                                  @RequestParam(required = false) @PositiveOrZero Long minReward,
                                  @RequestParam(required = false) @PositiveOrZero Long maxReward,
                                  @RequestParam(required = false) @Size(max = BountyListingFilter.MAX_TAGS)
                                  Set<@Pattern(regexp = BountyTerms.TAG_PATTERN, message = "must be lower-case letters and digits joined by dashes") String> tags,
                                  @RequestParam(required = false) @Size(max = BountyListingFilter.MAX_TEXT_LENGTH) String q,
                                  @RequestParam(defaultValue = "newest") String sort) {
        var filter = new BountyListingFilter(status, currency, minReward, maxReward, tags, q);
        UserId draftsOf = caller.role().permissions().contains(Permission.BOUNTIES_CREATE) ? caller.id() : null;
        var query = new BountyListingQuery(draftsOf, filter, sortNamed(sort), limit, cursor);
        byte[] cached = cache.storedJson(ReadCache.Region.BOUNTY_LISTING, null, BountyListingProjection.cacheKey(query), BountyListingPage.class);
        if (cached != null) {
            return ResponseEntity.ok().contentType(MediaType.APPLICATION_JSON).body(cached);
        }
        return ResponseEntity.ok(queries.query(query, BountyListingPage.class).join());
    }

    private static BountyListingSort sortNamed(String name) {
        for (BountyListingSort sort : BountyListingSort.values()) {
            if (sort.name().equalsIgnoreCase(name)) {
                return sort;
            }
        }
        throw new ApiException(HttpStatus.BAD_REQUEST, "VALIDATION_ERROR", "Unknown sort: " + name, Map.of("sort", "one of newest, reward, deadline"));
    }

    /**
     * A cached detail is checked for visibility on the parsed view, like any other, and sent as the stored JSON: no
     * query bus and no serialisation (ADR 0017).
     */
    @PreAuthorize("hasAuthority('bounties:read')")
    @GetMapping("/{id}")
    public ResponseEntity<?> get(Caller caller, @PathVariable String id) throws IOException {
        byte[] cached = cache.storedJson(ReadCache.Region.BOUNTY_DETAIL, id, BountyListingProjection.DETAIL_CACHE_KEY, BountyView.class);
        if (cached == null) {
            return ResponseEntity.ok(visible(id, caller));
        }
        if (!json.readValue(cached, BountyView.class).isVisibleTo(caller.id())) {
            throw ApiException.notFound("bounty", id);
        }
        return ResponseEntity.ok().contentType(MediaType.APPLICATION_JSON).body(cached);
    }

    private BountyView visible(String id, Caller caller) {
        return visibleBounties.visibleTo(caller, id);
    }

    private Optional<BountyView> sendAndAwaitView(Object command, BountyId id, Predicate<BountyView> showsChange) {
        return readYourWrites.send(command, new BountyDetailQuery(id), BountyView.class, showsChange);
    }

    /** Microseconds: the precision PostgreSQL keeps, so a stored time compares equal to the one we sent. */
    private Instant now() {
        return clock.instant().truncatedTo(ChronoUnit.MICROS);
    }
}
