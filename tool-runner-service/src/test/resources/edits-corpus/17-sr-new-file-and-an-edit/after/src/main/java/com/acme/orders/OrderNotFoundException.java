package com.acme.orders;

public class OrderNotFoundException extends RuntimeException {
    public OrderNotFoundException(long id) {
        super("order " + id + " not found");
    }
}
