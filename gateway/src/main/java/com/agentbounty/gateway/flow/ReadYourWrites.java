package com.agentbounty.gateway.flow;

import org.axonframework.commandhandling.gateway.CommandGateway;
import org.axonframework.messaging.responsetypes.ResponseTypes;
import org.axonframework.queryhandling.QueryGateway;
import org.springframework.beans.factory.annotation.Value;
import org.springframework.stereotype.Component;
import reactor.core.publisher.Mono;

import java.time.Duration;
import java.util.Optional;
import java.util.function.Predicate;

/**
 * Sends a command and waits, bounded by {@code agentbounty.read-your-writes-timeout}, until a read model shows its
 * effect, so that the client's next read sees its own write (docs/decisions/0004-read-your-writes.md). It
 * subscribes to the view's updates before sending, so the projection's update cannot slip by unseen.
 */
@Component
public class ReadYourWrites {

    private final CommandGateway commands;
    private final QueryGateway queries;
    private final Duration timeout;

    public ReadYourWrites(CommandGateway commands, QueryGateway queries, @Value("${agentbounty.read-your-writes-timeout}") Duration timeout) {
        this.commands = commands;
        this.queries = queries;
        this.timeout = timeout;
    }

    /**
     * @param viewQuery  a query answered with {@code Optional<V>} whose projection emits updates of type {@code V}
     * @param showsWrite true for the first view that shows the command's effect
     * @return that view, or empty when the projection did not get there within the timeout (the write still stands)
     */
    public <V> Optional<V> send(Object command, Object viewQuery, Class<V> viewType, Predicate<V> showsWrite) {
        var subscription = queries.subscriptionQuery(viewQuery, ResponseTypes.optionalInstanceOf(viewType), ResponseTypes.instanceOf(viewType));
        try (subscription) {
            commands.sendAndWait(command);
            return Optional.ofNullable(subscription.updates().filter(showsWrite).next().timeout(timeout, Mono.empty()).block());
        }
    }
}
