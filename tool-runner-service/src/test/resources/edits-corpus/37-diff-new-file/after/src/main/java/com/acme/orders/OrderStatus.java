package com.acme.orders;

public enum OrderStatus {
    OPEN,
    CLOSED,
    CANCELLED
}
