/* sll.h - L4Re's l4util singly linked list of data pointers, nodes from malloc(). */
#ifndef L4_UTIL_SLL_H
#define L4_UTIL_SLL_H

#include <l4/sys/compiler.h>
#include <stdlib.h>

EXTERN_C_BEGIN

/* A node: the next one (NULL at the end) and the user's data. A list is its first node. */
typedef struct slist_t {
	struct slist_t *next;
	void *data;
} slist_t;

/* A new node holding @data, not in any list; NULL if there is no memory. */
static inline slist_t *list_new_entry(void *data)
{
	slist_t *n = (slist_t *)malloc(sizeof(*n));
	if (n) {
		n->next = NULL;
		n->data = data;
	}
	return n;
}

/* Free the node *@list (if any) and set *@list to NULL. */
static inline void list_free_entry(slist_t **list)
{
	free(*list);
	*list = NULL;
}

/* 1 if @list has no nodes, else 0. */
static inline unsigned char list_is_empty(slist_t *list)
{
	return list == NULL;
}

/* Put @new_node at the end of @head. Return: the list. */
static inline slist_t *list_append(slist_t *head, slist_t *new_node)
{
	if (!head)
		return new_node;
	slist_t *n = head;
	while (n->next)
		n = n->next;
	n->next = new_node;
	return head;
}

/* Put @new_node first in @head (NULL: none). Return: the list. */
static inline slist_t *list_add(slist_t *head, slist_t *new_node)
{
	if (!new_node)
		return head;
	new_node->next = head;
	return new_node;
}

/* Put @new_node right after @after (either NULL: nothing happens). */
static inline void list_insert_after(slist_t *after, slist_t *new_node)
{
	if (!after || !new_node)
		return;
	new_node->next = after->next;
	after->next = new_node;
}

/* Take @node out of @head and free it (not in the list: nothing happens). Return: the list. */
static inline slist_t *list_remove(slist_t *head, slist_t *node)
{
	if (!head || !node)
		return head;
	if (head == node) {
		slist_t *rest = head->next;
		list_free_entry(&node);
		return rest;
	}
	slist_t *p = head;
	while (p->next && p->next != node)
		p = p->next;
	if (p->next == node) {
		p->next = node->next;
		list_free_entry(&node);
	}
	return head;
}

/* The @n-th node of @list, counted from 1; NULL if it has fewer. */
static inline slist_t *list_get_at(slist_t *list, int n)
{
	for (int i = 1; list; i++, list = list->next)
		if (i == n)
			return list;
	return NULL;
}

/* The number of nodes of @head. */
static inline int list_elements(slist_t *head)
{
	int n = 0;
	for (; head; head = head->next)
		n++;
	return n;
}

EXTERN_C_END

#endif
