package com.acme.orders;

import java.util.List;
import java.util.Optional;

public class OrderService {
    private final OrderRepository repository;

    public OrderService(OrderRepository repository) {
        this.repository = repository;
    }

    public Optional<Order> find(long id) {
        return repository.findById(id);
    }

    public List<Order> openOrders() {
        return repository.findAll().stream()
                .filter(order -> !order.isClosed())
                .toList();
    }

    public void close(long id) {
        Order order = repository.findById(id).orElseThrow();
        order.close();
        repository.save(order);
    }
}
