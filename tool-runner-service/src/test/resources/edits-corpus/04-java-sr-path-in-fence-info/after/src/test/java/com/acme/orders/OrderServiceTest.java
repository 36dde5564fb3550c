package com.acme.orders;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.junit.jupiter.api.Test;

class OrderServiceTest {
    private final InMemoryOrderRepository repository = new InMemoryOrderRepository();
    private final OrderService service = new OrderService(repository);

    @Test
    void findsAnOrderById() {
        repository.save(new Order(1, false));
        assertTrue(service.find(1).isPresent());
    }

    @Test
    void listsOnlyOpenOrders() {
        repository.save(new Order(1, false));
        repository.save(new Order(2, true));
        assertEquals(1, service.openOrders().size());
    }

    @Test
    void closingAnOrderRemovesItFromTheOpenOnes() {
        repository.save(new Order(1, false));
        service.close(1);
        assertEquals(0, service.openOrders().size());
    }
}
